package dev.eventcore.command;

import static dev.eventcore.command.Bank.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Bank.Deposited;
import dev.eventcore.command.Bank.Transfer;
import dev.eventcore.command.Bank.Withdrawn;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor's cache of recorded events: each attempt reads only what its streams gained. */
class CommandExecutorCacheTest {
  private static final StreamId ALICE = account("alice");
  private static final StreamId BOB = account("bob");

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final ReadCountingStore store = new ReadCountingStore(memory);

  @AfterEach
  void close() {
    memory.close();
  }

  private void deposit(StreamId account, long amount) {
    memory.append(account, ExpectedVersion.any(), List.of(EventData.of(new Deposited(amount))));
  }

  @Test
  void aSecondCommandReadsOnlyTheEventsAfterThoseCached() {
    deposit(ALICE, 100);
    CommandExecutor executor = CommandExecutor.of(store);
    executor.execute(new Transfer(ALICE, BOB, 10)); // read alice at 1, bob empty
    store.reset();

    executor.execute(new Transfer(ALICE, BOB, 10));

    // from after what the last read saw: the first transfer's own events are the tail
    assertEquals(List.of(Version.of(2), Version.of(1)), store.readsFrom);
    assertEquals(Version.of(3), memory.currentVersion(ALICE));
    assertEquals(80, executorBalance(executor, ALICE));
  }

  @Test
  void eachCommandReadsOnlyTheEventsAfterThoseThePreviousOneSaw() {
    deposit(ALICE, 100);
    CommandExecutor executor = CommandExecutor.of(store);
    executor.execute(new Transfer(ALICE, BOB, 10));
    executor.execute(new Transfer(ALICE, BOB, 10)); // read alice 1..2 and bob 1
    store.reset();

    executor.execute(new Transfer(ALICE, BOB, 10));

    // the second command's read extended what was cached, so only its own events are new
    assertEquals(List.of(Version.of(3), Version.of(2)), store.readsFrom);
    assertEquals(3 + 2, ((DefaultCommandExecutor) executor).cachedEvents(),
        "alice's three events and bob's two, as of the last read");
    assertEquals(70, executorBalance(executor, ALICE));
  }

  @Test
  void aStreamDeletedAndRestartedSinceItWasCachedIsReadAgainFromItsNewStart() {
    deposit(ALICE, 100);
    CommandExecutor executor = CommandExecutor.of(store);
    executor.execute(new Transfer(ALICE, BOB, 10)); // alice cached
    memory.deleteStream(ALICE, ExpectedVersion.any());
    memory.restartStream(ALICE, List.of(EventData.of(new Deposited(5))));

    CommandResult second = executor.execute(new Transfer(ALICE, BOB, 3));
    store.reset();
    executor.execute(new Transfer(ALICE, BOB, 1));

    assertEquals(second.version(ALICE), store.readsFrom.get(0),
        "the new life was cached: only the second command's own event is read");
    assertEquals(1, executorBalance(executor, ALICE), "only the new life: 5 - 3 - 1");
    assertThrows(CommandRejectedException.class,
        () -> executor.execute(new Transfer(ALICE, BOB, 2)));
  }

  /** The balance of {@code account} folded from the events the executor would read now. */
  private static long executorBalance(CommandExecutor executor, StreamId account) {
    long balance = 0;
    for (RecordedEvent<?> event : ((DefaultCommandExecutor) executor).streamEvents(account)) {
      balance += event.payload() instanceof Deposited d ? d.amount()
          : -((Withdrawn) event.payload()).amount();
    }
    return balance;
  }

  @Test
  void eventsAnotherWriterAppendedAreSeenByTheNextCommand() {
    deposit(ALICE, 5);
    CommandExecutor executor = CommandExecutor.of(store);
    assertThrows(CommandRejectedException.class,
        () -> executor.execute(new Transfer(ALICE, BOB, 50)));
    deposit(ALICE, 100);

    CommandResult result = executor.execute(new Transfer(ALICE, BOB, 50));

    assertEquals(Version.of(3), result.version(ALICE));
    assertEquals(Version.of(1), result.version(BOB));
  }

  @Test
  void theCacheKeepsItsBoundAndOffItReadsEveryStreamFromTheStart() {
    CommandExecutor bounded = CommandExecutor.builder(store).eventCacheSize(8).build();
    for (int i = 0; i < 20; i++) {
      deposit(account("a" + i), 10);
      bounded.execute(new Transfer(account("a" + i), account("b" + i), 1));
      assertTrue(((DefaultCommandExecutor) bounded).cachedEvents() <= 8);
    }

    CommandExecutor off = CommandExecutor.builder(store).eventCacheSize(0).build();
    off.execute(new Transfer(account("a1"), account("b1"), 1));
    store.reset();
    off.execute(new Transfer(account("a1"), account("b1"), 1));
    assertEquals(List.of(Version.of(1), Version.of(1)), store.readsFrom);
    assertEquals(0, ((DefaultCommandExecutor) off).cachedEvents());
  }

  @Test
  void aNegativeEventCacheSizeIsRejectedWithWhatIsAllowed() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> CommandExecutor.builder(store).eventCacheSize(-5));

    assertEquals("eventCacheSize must be >= 0 events (0 turns the cache off) but was -5",
        error.getMessage());
  }

  @Test
  void twoExecutorsAndADirectWriterNeverOverdrawAndLoseNothing() throws Exception {
    List<StreamId> accounts = List.of(account("x0"), account("x1"), account("x2"), account("x3"));
    RetryPolicy patient = RetryPolicy.defaults().withMaxAttempts(500)
        .withBackoff(Duration.ofNanos(20_000), Duration.ofMillis(1), 2.0).withJitter(1.0);
    List<CommandExecutor> processes = List.of(
        CommandExecutor.builder(memory).retryPolicy(patient).build(),
        CommandExecutor.builder(memory).retryPolicy(patient).build());
    AtomicLong deposited = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        CommandExecutor executor = processes.get(t % 2);
        SplittableRandom random = new SplittableRandom(1400 + t);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 150; i++) {
            int from = random.nextInt(accounts.size());
            int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            try {
              executor.execute(
                  new Transfer(accounts.get(from), accounts.get(to), 1 + random.nextInt(20)));
            } catch (CommandRejectedException expected) {
              // not enough money at that moment
            }
          }
          return null;
        }));
      }
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          deposit(accounts.get(i % accounts.size()), 3);
          deposited.addAndGet(3);
          Thread.yield();
        }
        return null;
      }));
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long total = 0;
    for (StreamId account : accounts) {
      long balance = 0;
      for (RecordedEvent<?> event : memory.readStream(account)) {
        balance += event.payload() instanceof Deposited d ? d.amount()
            : -((Withdrawn) event.payload()).amount();
        assertTrue(balance >= 0, "overdrawn " + account + " at " + event.describe());
      }
      total += balance;
    }
    assertEquals(deposited.get(), total);
  }
}
