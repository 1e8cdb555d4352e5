package dev.eventcore.command;

import static dev.eventcore.command.Bank.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.command.Bank.Deposited;
import dev.eventcore.command.Bank.Transfer;
import dev.eventcore.command.Bank.Withdrawn;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.ForwardingEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Commands racing on real threads against the in-memory store. */
class ConcurrentCommandsTest {
  private static final int THREADS = 8;
  private static final RetryPolicy PATIENT =
      RetryPolicy.defaults()
          .withMaxAttempts(200)
          .withBackoff(Duration.ofNanos(50_000), Duration.ofMillis(2), 2.0)
          .withJitter(1.0);

  @Test
  void eightThreadsIncrementingOneCounterLoseNoIncrement() throws Exception {
    eightThreadsIncrementOneCounter(AggregateRepository.DEFAULT_CACHE_SIZE);
  }

  @Test
  void eightThreadsIncrementingOneCounterLoseNoIncrementWithTheCacheOff() throws Exception {
    eightThreadsIncrementOneCounter(0);
  }

  /**
   * Whether threads actually raced depends on the scheduler; that a raced conflict is retried is
   * shown deterministically in AggregateCacheTest.
   */
  private static void eightThreadsIncrementOneCounter(int cacheSize) throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      AggregateRepository<Object, Counter.State, Counter.CounterEvent> counters =
          AggregateRepository.builder(store, Counter.DECIDER, Counter.CounterEvent.class)
              .retryPolicy(PATIENT)
              .cacheSize(cacheSize)
              .build();
      StreamId counter = StreamId.of("counter", "1");
      int perThread = 100;

      runOnThreads(perThread, thread -> {
        // a slow decision widens the race window, as real work does
        Thread.yield();
        return counters.handle(counter, new Increment(1)).attempts();
      });

      assertEquals(THREADS * perThread, counters.load(counter).state().count());
      assertEquals(Version.of(THREADS * perThread), store.currentVersion(counter));
    }
  }

  @Test
  void concurrentTransfersKeepTheTotalBalance() throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      List<StreamId> accounts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        StreamId account = account("a" + i);
        accounts.add(account);
        store.append(account, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));
      }
      CommandExecutor executor = CommandExecutor.builder(store).retryPolicy(PATIENT).build();
      AtomicInteger rejected = new AtomicInteger();

      List<Integer> attempts = runOnThreads(100, thread -> {
        SplittableRandom random = new SplittableRandom(thread * 7919L + System.nanoTime());
        int from = random.nextInt(accounts.size());
        int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
        try {
          return executor
              .execute(new Transfer(accounts.get(from), accounts.get(to), 1 + random.nextInt(60)))
              .attempts();
        } catch (CommandRejectedException e) {
          rejected.incrementAndGet();
          return 1;
        }
      });

      long total = 0;
      for (StreamId account : accounts) {
        long balance = 0;
        for (RecordedEvent<?> event : store.readStream(account)) {
          balance += event.payload() instanceof Deposited d ? d.amount() : -((Withdrawn) event.payload()).amount();
          assertTrue(balance >= 0, "overdrawn " + account + " at " + event.describe());
        }
        total += balance;
      }
      assertEquals(500, total);
      long transfers = THREADS * 100L - rejected.get();
      assertEquals(5 + 2 * transfers, store.readAll(GlobalPosition.START, 100_000).size());
      assertTrue(attempts.stream().anyMatch(a -> a > 1), "expected some retried conflicts");
    }
  }

  @Test
  void aTransientFailureRetriesTheSameAppendSoALostAcknowledgementWritesOnce() {
    try (InMemoryEventStore memory = new InMemoryEventStore()) {
      LosesFirstAcknowledgement store = new LosesFirstAcknowledgement(memory);
      CommandExecutor executor =
          CommandExecutor.builder(store).sleeper(duration -> {}).build();
      StreamId alice = account("alice");
      memory.append(alice, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));

      CommandResult result = executor.execute(new Transfer(alice, account("bob"), 10));

      assertEquals(2, result.attempts());
      assertEquals(Version.of(2), result.version(alice));
      assertEquals(3, memory.readAll(GlobalPosition.START, 10).size(), "written exactly once");
    }
  }

  private static List<Integer> runOnThreads(int perThread, ThreadTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<Integer>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<List<Integer>> worker = () -> {
          List<Integer> attempts = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            attempts.add(task.run(thread));
          }
          return attempts;
        };
        futures.add(pool.submit(worker));
      }
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> future : futures) {
        all.addAll(future.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThreadTask {
    int run(int thread) throws Exception;
  }

  /** Commits the first append, then reports it as an unknown outcome, like a dropped connection. */
  private static final class LosesFirstAcknowledgement extends ForwardingEventStore {
    private boolean lost;

    LosesFirstAcknowledgement(EventStore delegate) {
      super(delegate);
    }

    @Override
    public AppendResult append(List<StreamAppend> appends) {
      AppendResult result = super.append(appends);
      if (!lost) {
        lost = true;
        throw new TransientStoreException("connection lost after commit", null, true);
      }
      return result;
    }
  }
}
