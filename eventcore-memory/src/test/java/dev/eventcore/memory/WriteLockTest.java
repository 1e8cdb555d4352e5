package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.ComposedEventStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An append that retries after a conflict waits for the write lock in turn: a thread that comes
 * later does not barge past it. Without that, on a machine with more threads than cores, a retry
 * can lose the lock to running threads for tens of milliseconds and conflict again.
 */
class WriteLockTest {
  private static final StreamId STREAM = StreamId.of("account", "1");
  private static final StreamId OTHER = StreamId.of("account", "2");

  record Posted(int n) {}

  @Test
  void aLockAfterAConflictIsTakenBeforeALaterThreadsBarge() throws Exception {
    WriteLock lock = new WriteLock();
    List<String> order = new CopyOnWriteArrayList<>();
    lock.lock();
    FutureTask<Void> retry = new FutureTask<>(() -> {
      lock.conflicted();
      lock.lock();
      order.add("retry");
      lock.unlock();
      return null;
    });
    Thread retrying = new Thread(retry);
    retrying.start();
    awaitWaiting(lock, retrying);
    lock.unlock(); // the retry is handed the lock, not yet running...
    lock.lock(); // ...and this later lock waits behind it instead of taking the free lock
    order.add("later");
    lock.unlock();
    retry.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("retry", "later"), order);
  }

  @Test
  void aConflictedAppendMakesTheThreadsNextAppendWaitInTurn() throws Exception {
    MemoryState state = new MemoryState(Clock.systemUTC());
    try (EventStore store = ComposedEventStore.builder(EventTypes.permissive())
        .build(context -> new MemoryStorage(state, null))) {
      store.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new Posted(1))));
      CountDownLatch conflicted = new CountDownLatch(1);
      CountDownLatch held = new CountDownLatch(1);
      FutureTask<Void> retry = new FutureTask<>(() -> {
        assertThrows(WrongExpectedVersionException.class, () -> store.append(STREAM,
            ExpectedVersion.noStream(), List.of(EventData.of(new Posted(2)))));
        conflicted.countDown();
        held.await();
        store.append(STREAM, ExpectedVersion.exactly(Version.of(1)),
            List.of(EventData.of(new Posted(2))));
        return null;
      });
      Thread retrying = new Thread(retry);
      retrying.start();
      conflicted.await();
      state.writeLock().lock();
      held.countDown();
      awaitWaiting(state.writeLock(), retrying);
      state.writeLock().unlock();
      store.append(OTHER, ExpectedVersion.noStream(), List.of(EventData.of(new Posted(3))));
      retry.get(10, TimeUnit.SECONDS);

      List<String> log = store.readAll(GlobalPosition.START, 10).stream()
          .map(e -> e.streamId().value() + "@" + e.version().value())
          .toList();
      assertEquals(List.of("account-1@1", "account-1@2", "account-2@1"), log,
          "the retried append was written before the later one");
    }
  }

  private static void awaitWaiting(WriteLock lock, Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!lock.isWaiting(thread)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " never waited for the lock");
      }
      Thread.sleep(1);
    }
  }
}
