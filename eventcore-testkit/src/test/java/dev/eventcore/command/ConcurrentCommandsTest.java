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
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.Bank.Deposited;
import dev.eventcore.command.Bank.Transfer;
import dev.eventcore.command.Bank.Withdrawn;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.ForwardingEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Commands racing on real threads against the in-memory store. Whether threads left to themselves
 * actually race depends on the scheduler (on a loaded machine they may well run one after the
 * other), so the racing tests append through {@link Rounds}, which makes every append of a round
 * wait for the other threads' and lets them go together: the appends of a round were all decided
 * before any of them commits, so those on the same stream conflict by construction.
 */
class ConcurrentCommandsTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 100;
  /**
   * Enough that no command runs out: an attempt fails only when another command's append commits
   * in its round, and there are fewer such appends than this.
   */
  private static final RetryPolicy PATIENT =
      RetryPolicy.defaults().withMaxAttempts(THREADS * PER_THREAD);

  @Test
  void eightThreadsIncrementingOneCounterLoseNoIncrement() throws Exception {
    eightThreadsIncrementOneCounter(AggregateRepository.DEFAULT_CACHE_SIZE);
  }

  @Test
  void eightThreadsIncrementingOneCounterLoseNoIncrementWithTheCacheOff() throws Exception {
    eightThreadsIncrementOneCounter(0);
  }

  private static void eightThreadsIncrementOneCounter(int cacheSize) throws Exception {
    try (InMemoryEventStore memory = new InMemoryEventStore()) {
      Rounds store = new Rounds(memory);
      AtomicInteger backoffs = new AtomicInteger();
      AggregateRepository<Object, Counter.State, Counter.CounterEvent> counters =
          AggregateRepository.builder(store, Counter.DECIDER, Counter.CounterEvent.class)
              .retryPolicy(PATIENT)
              .sleeper(duration -> backoffs.incrementAndGet())
              .cacheSize(cacheSize)
              .build();
      StreamId counter = StreamId.of("counter", "1");

      List<Integer> attempts = runOnThreads(store,
          thread -> counters.handle(counter, new Increment(1)).attempts());

      assertEquals(THREADS * PER_THREAD, counters.load(counter).state().count());
      assertEquals(Version.of(THREADS * PER_THREAD), memory.currentVersion(counter));
      // every round's appends expected the same version: exactly one of them commits
      assertEquals(THREADS * PER_THREAD, store.commitsPerRound.size());
      assertEquals(Set.of(1), Set.copyOf(store.commitsPerRound.values()));
      // while all eight threads are at work (at least PER_THREAD rounds) seven appends lose a round
      assertTrue(store.conflicts.get() >= (THREADS - 1) * PER_THREAD,
          "conflicts: " + store.conflicts.get());
      int retries = attempts.stream().mapToInt(a -> a - 1).sum();
      assertEquals(retries, backoffs.get(), "every counted retry backs off");
      if (cacheSize == 0) {
        // each attempt read the stream, so each conflict is a counted retry
        assertEquals(store.conflicts.get(), retries);
      } else {
        // a conflict on a state taken from the cache is a stale cache, read again at once
        assertTrue(retries <= store.conflicts.get(), "retries: " + retries);
      }
    }
  }

  @Test
  void concurrentTransfersKeepTheTotalBalance() throws Exception {
    try (InMemoryEventStore memory = new InMemoryEventStore()) {
      List<StreamId> accounts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        StreamId account = account("a" + i);
        accounts.add(account);
        memory.append(account, ExpectedVersion.noStream(), List.of(EventData.of(new Deposited(100))));
      }
      Rounds store = new Rounds(memory);
      AtomicInteger backoffs = new AtomicInteger();
      CommandExecutor executor = CommandExecutor.builder(store)
          .retryPolicy(PATIENT)
          .sleeper(duration -> backoffs.incrementAndGet())
          .build();
      AtomicInteger rejected = new AtomicInteger();
      List<SplittableRandom> randoms = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        randoms.add(new SplittableRandom(t * 7919L));
      }

      List<Integer> attempts = runOnThreads(store, thread -> {
        SplittableRandom random = randoms.get(thread);
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
        for (RecordedEvent<?> event : memory.readStream(account)) {
          balance += event.payload() instanceof Deposited d ? d.amount() : -((Withdrawn) event.payload()).amount();
          assertTrue(balance >= 0, "overdrawn " + account + " at " + event.describe());
        }
        total += balance;
      }
      assertEquals(500, total);
      long transfers = (long) THREADS * PER_THREAD - rejected.get();
      assertEquals(5 + 2 * transfers, memory.readAll(GlobalPosition.START, 100_000).size());
      assertEquals(transfers, store.commitsPerRound.values().stream().mapToInt(n -> n).sum());
      // a round's transfers were all decided before any of them committed, so two that share an
      // account never both commit; five accounts hold at most two transfers that share none
      assertTrue(store.commitsPerRound.values().stream().allMatch(n -> n <= 2),
          "commits per round: " + store.commitsPerRound);
      // so of the first round's eight appends (no transfer is refused before one commits) at
      // least six conflict
      assertTrue(store.conflicts.get() >= THREADS - 2, "conflicts: " + store.conflicts.get());
      // every attempt reads its streams, so every conflict is retried after a backoff
      assertEquals(store.conflicts.get(), backoffs.get());
      assertTrue(attempts.stream().mapToInt(a -> a - 1).sum() <= backoffs.get());
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

  /** Runs {@code task} {@link #PER_THREAD} times on each of {@link #THREADS} threads. */
  private static List<Integer> runOnThreads(Rounds rounds, ThreadTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<Integer>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<List<Integer>> worker = () -> {
          try {
            List<Integer> attempts = new ArrayList<>();
            for (int i = 0; i < PER_THREAD; i++) {
              attempts.add(task.run(thread));
            }
            return attempts;
          } finally {
            rounds.leave();
          }
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

  /**
   * Lets appends through in rounds: each append waits until every thread still at work has made
   * one (a thread leaves once its work is done), then all of them go at once. Counts the appends
   * that commit in each round and those that conflict.
   */
  private static final class Rounds extends ForwardingEventStore {
    private final Phaser phaser = new Phaser(THREADS);
    final Map<Integer, Integer> commitsPerRound = new ConcurrentHashMap<>();
    final AtomicInteger conflicts = new AtomicInteger();

    Rounds(EventStore delegate) {
      super(delegate);
    }

    @Override
    public AppendResult append(List<StreamAppend> appends) {
      int round = phaser.arrive();
      try {
        phaser.awaitAdvanceInterruptibly(round, 1, TimeUnit.MINUTES);
      } catch (InterruptedException | TimeoutException e) {
        throw new IllegalStateException("the other threads never appended in round " + round, e);
      }
      try {
        AppendResult result = super.append(appends);
        commitsPerRound.merge(round, 1, Integer::sum);
        return result;
      } catch (WrongExpectedVersionException conflict) {
        conflicts.incrementAndGet();
        throw conflict;
      }
    }

    @Override
    public long readStream(
        StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
      return delegate().readStream(stream, from, action); // the store's own streaming read
    }

    /** The calling thread appends no more. */
    void leave() {
      phaser.arriveAndDeregister();
    }
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
