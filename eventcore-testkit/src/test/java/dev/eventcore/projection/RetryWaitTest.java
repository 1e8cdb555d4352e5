package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wait before a retry when no sleeper is injected: it lasts the backoff, and stopping the
 * projection cuts it short, leaving the event unhandled for the next start.
 */
class RetryWaitTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final List<GlobalPosition> applied = new CopyOnWriteArrayList<>();
  private final Map<GlobalPosition, List<Long>> attemptedAt = new ConcurrentHashMap<>();
  private final AtomicReference<Thread> handlerThread = new AtomicReference<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner(RetryPolicy retry) {
    return ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenStop(retry)).tick(Duration.ofMillis(5)).build();
  }

  /** Fails the first attempt at {@code failing} while {@code broken}; records every attempt. */
  private Projection projection(GlobalPosition failing, AtomicBoolean broken,
      CountDownLatch failed) {
    return Projection.of("waiting", (RecordedEvent<?> event) -> {
      List<Long> times = attemptedAt.computeIfAbsent(event.position(),
          at -> new CopyOnWriteArrayList<>());
      times.add(System.nanoTime());
      if (event.position().equals(failing) && broken.get() && times.size() == 1) {
        handlerThread.set(Thread.currentThread());
        failed.countDown();
        throw new IllegalStateException("first attempt fails");
      }
      applied.add(event.position());
    });
  }

  @Test
  void theRetryComesAfterTheBackoff() throws Exception {
    AppendResult written = append(store, "order", 3);
    GlobalPosition second = Fixtures.positions(store).get(1);
    Duration backoff = Duration.ofMillis(200);
    try (ProjectionRunner runner = runner(new RetryPolicy(2, backoff, backoff, 2.0, 0.0))) {
      runner.register(projection(second, new AtomicBoolean(true), new CountDownLatch(1)));
      runner.start("waiting");
      assertTrue(runner.awaitPosition("waiting", written.lastPosition(), WAIT));
      assertEquals(Fixtures.positions(store), applied);
      List<Long> times = attemptedAt.get(second);
      assertEquals(2, times.size());
      long waited = times.get(1) - times.get(0);
      assertTrue(waited >= backoff.toNanos(), "retried after " + waited / 1_000_000 + " ms");
    }
  }

  @Test
  void stoppingDuringTheBackoffEndsTheWaitAndLeavesTheEventForTheNextStart() throws Exception {
    AppendResult written = append(store, "order", 3);
    List<GlobalPosition> log = Fixtures.positions(store);
    AtomicBoolean broken = new AtomicBoolean(true);
    CountDownLatch failed = new CountDownLatch(1);
    Duration backoff = Duration.ofSeconds(20);
    try (ProjectionRunner runner = runner(new RetryPolicy(3, backoff, backoff, 2.0, 0.0))) {
      runner.register(projection(log.get(1), broken, failed));
      runner.start("waiting");
      assertTrue(failed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      Thread handler = handlerThread.get();
      eventually("the handler waits to retry",
          () -> handler.getState() == Thread.State.TIMED_WAITING);
      // the handler now waits 20 s before its retry: stop cuts the wait short
      long start = System.nanoTime();
      runner.stop("waiting");
      long took = System.nanoTime() - start;
      assertTrue(took < backoff.toNanos() / 2, "stopped after " + took / 1_000_000 + " ms");
      assertEquals(ProjectionState.STOPPED, runner.status("waiting").state());
      assertEquals(List.of(log.get(0)), applied);
      assertEquals(1, attemptedAt.get(log.get(1)).size(), "abandoned, not retried");
      assertEquals(log.get(0), checkpoints.load("waiting").position());

      broken.set(false);
      runner.start("waiting");
      assertTrue(runner.awaitPosition("waiting", written.lastPosition(), WAIT));
      assertEquals(log, applied, "the abandoned event is handled after the restart, once");
    }
  }
}
