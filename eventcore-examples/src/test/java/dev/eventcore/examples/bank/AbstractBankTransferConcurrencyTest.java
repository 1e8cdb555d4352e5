package dev.eventcore.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandExecutor;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.bank.AccountCommand.Deposit;
import dev.eventcore.examples.bank.AccountCommand.OpenAccount;
import dev.eventcore.examples.bank.AccountEvent.TransferCredited;
import dev.eventcore.examples.bank.AccountEvent.TransferDebited;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads transfer money between a few accounts at once. Whatever the interleaving, the
 * bank's total is unchanged, no account is ever below its limit (checked at every event of its
 * history, not just at the end), and every accepted transfer wrote exactly one debit and one
 * credit. Each store adapter runs it through a one-line subclass.
 */
abstract class AbstractBankTransferConcurrencyTest {
  static final int THREADS = 8;
  static final int TRANSFERS_PER_THREAD = 200;
  static final int ACCOUNTS = 6;
  static final RetryPolicy PATIENT =
      RetryPolicy.defaults()
          .withMaxAttempts(500)
          .withBackoff(Duration.ofNanos(50_000), Duration.ofMillis(5), 2.0)
          .withJitter(1.0);

  private final Supplier<EventStore> stores;
  private EventStore store;

  /** @param stores makes a new, empty store for each test; it accepts {@link AccountEvent}s */
  protected AbstractBankTransferConcurrencyTest(Supplier<EventStore> stores) {
    this.stores = stores;
  }

  @BeforeEach
  void openStore() {
    store = stores.get();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void concurrentTransfersKeepTheTotalAndEveryLimit() throws Exception {
    AggregateRepository<AccountCommand, Account, AccountEvent> accounts = Account.repository(store);
    Map<String, Long> limits = new HashMap<>();
    long total = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
      String id = "acc" + i;
      long limit = 5_000L * i;
      limits.put(id, limit);
      accounts.handle(Account.stream(id), new OpenAccount(id, Money.ofCents(limit)));
      accounts.handle(Account.stream(id), new Deposit(Money.ofCents(20_000)));
      total += 20_000;
    }
    CommandExecutor bank = CommandExecutor.builder(store).retryPolicy(PATIENT).build();

    List<Outcome> outcomes = runOnThreads(thread -> {
      SplittableRandom random = new SplittableRandom(1_000 + thread);
      List<Outcome> mine = new ArrayList<>();
      for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        Transfer transfer = new Transfer("t" + thread + "-" + i, "acc" + from, "acc" + to,
            Money.ofCents(1 + random.nextInt(8_000)));
        try {
          mine.add(new Outcome(true, bank.execute(transfer).attempts()));
        } catch (CommandRejectedException limitReached) {
          mine.add(new Outcome(false, 1));
        }
      }
      return mine;
    });

    long accepted = outcomes.stream().filter(Outcome::accepted).count();
    long sum = 0;
    Map<String, Integer> debits = new HashMap<>();
    Map<String, Integer> credits = new HashMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      String id = "acc" + i;
      Account folded = Account.DECIDER.initialState();
      for (RecordedEvent<?> event : store.readStream(Account.stream(id))) {
        AccountEvent payload = event.payloadAs(AccountEvent.class);
        folded = Account.DECIDER.evolve(folded, payload);
        assertTrue(folded.balance().cents() >= -limits.get(id),
            id + " below its limit at " + event.describe() + ": " + folded);
        if (payload instanceof TransferDebited) {
          debits.merge(((TransferDebited) payload).transferId(), 1, Integer::sum);
        } else if (payload instanceof TransferCredited) {
          credits.merge(((TransferCredited) payload).transferId(), 1, Integer::sum);
        }
      }
      assertEquals(folded, accounts.load(Account.stream(id)).state());
      sum += folded.balance().cents();
    }
    assertEquals(total, sum, "the bank's total changed");
    assertEquals(accepted, debits.size(), "one debit per accepted transfer");
    assertEquals(debits.keySet(), credits.keySet(), "every debit has its credit");
    assertTrue(debits.values().stream().allMatch(c -> c == 1), "a transfer debited twice");
    assertTrue(credits.values().stream().allMatch(c -> c == 1), "a transfer credited twice");
    long events = store.readAll(GlobalPosition.START, 100_000).size();
    assertEquals(2L * ACCOUNTS + 2 * accepted, events, "events in the store-wide log");
    assertTrue(accepted > THREADS * TRANSFERS_PER_THREAD / 2, "most transfers fit: " + accepted);
    assertTrue(outcomes.stream().anyMatch(o -> o.attempts() > 1), "expected retried conflicts");
  }

  record Outcome(boolean accepted, int attempts) {}

  interface Worker {
    List<Outcome> run(int thread) throws Exception;
  }

  private static List<Outcome> runOnThreads(Worker worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Outcome>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return worker.run(thread);
        }));
      }
      start.countDown();
      List<Outcome> all = new ArrayList<>();
      for (Future<List<Outcome>> future : futures) {
        all.addAll(future.get(5, TimeUnit.MINUTES));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }
}
