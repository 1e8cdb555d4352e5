package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the runner saves a plain projection's checkpoint: after the configured number of events or
 * interval, only if it moved, and always on pause and stop; never at every tick.
 */
class CheckpointCadenceTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final CountingCheckpoints checkpoints = new CountingCheckpoints();

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anIdleProjectionSavesNothingAtItsTicks() throws Exception {
    append(store, "order", 10);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).checkpointEvery(1_000, Duration.ofMillis(20)).build()) {
      runner.register(Projection.of("idle", event -> { }));
      runner.start("idle");
      eventually("the interval saved the caught-up position", () -> checkpoints.load("idle")
          .position().equals(store.readAll(GlobalPosition.START, 100).get(9).position()));
      int saves = checkpoints.saves.get();
      Thread.sleep(300); // 60 ticks with nothing new
      assertEquals(saves, checkpoints.saves.get(), "no save while nothing changed");
    }
  }

  @Test
  void aBusyProjectionSavesAboutOncePerThresholdOfEvents() throws Exception {
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).checkpointEvery(100, Duration.ofMinutes(1)).build()) {
      runner.register(Projection.of("busy", event -> { }));
      runner.start("busy");
      int before = checkpoints.saves.get(); // the claim when it started
      AppendResult last = null;
      for (int i = 0; i < 10; i++) {
        last = append(store, "order", 50);
      }
      GlobalPosition end = last.lastPosition();
      assertTrue(runner.awaitPosition("busy", end, WAIT));
      eventually("the 500 events crossed the threshold", () -> checkpoints.saves.get() > before);
      int saves = checkpoints.saves.get() - before;
      assertTrue(saves <= 5, "at most one save per 100 events, not one per tick: " + saves);
      runner.stop("busy");
      assertEquals(end, checkpoints.load("busy").position(), "stop saves where it got to");
    }
  }

  @Test
  void reachingTheEventThresholdSavesBetweenTicks() throws Exception {
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofHours(1)).checkpointEvery(10, Duration.ofHours(1)).build()) {
      runner.register(Projection.of("woken", event -> { }));
      runner.start("woken");
      AppendResult tenth = append(store, "order", 10);
      // no tick for an hour: the tenth event handled wakes the supervisor, which saves
      eventually("the threshold saved the checkpoint",
          () -> checkpoints.load("woken").position().value() >= 9);
      assertTrue(runner.awaitPosition("woken", tenth.lastPosition(), WAIT));
    }
  }

  @Test
  void deadLetteredEventsCountTowardsTheEventThreshold() throws Exception {
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofHours(1)).checkpointEvery(10, Duration.ofHours(1)).build()) {
      runner.register(Projection.of("rejecting", event -> {
        throw new IllegalStateException("every event is refused");
      }));
      runner.start("rejecting");
      AppendResult tenth = append(store, "order", 10);
      // long before the interval or a tick: ten events processed, all of them dead-lettered,
      // wake the supervisor, which saves where the subscription got to when the tenth was
      // counted (past the ninth, at least)
      eventually("the threshold saved the checkpoint",
          () -> checkpoints.load("rejecting").position().value() >= 9);
      assertTrue(runner.awaitPosition("rejecting", tenth.lastPosition(), WAIT));
      ProjectionStatus status = runner.status("rejecting");
      assertEquals(0, status.handled());
      assertEquals(10, status.deadLettered());
      assertEquals(10, deadLetters.list("rejecting").size());
    }
  }

  @Test
  void theThresholdsMustBePositive() {
    ProjectionRunner.Builder builder = ProjectionRunner.builder(store, checkpoints);
    IllegalArgumentException events = assertThrows(IllegalArgumentException.class,
        () -> builder.checkpointEvery(0, Duration.ofSeconds(1)));
    assertEquals("checkpointEvery events must be >= 1 but was 0", events.getMessage());
    IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
        () -> builder.checkpointEvery(10, Duration.ZERO));
    assertEquals("checkpointEvery interval must be positive but was PT0S", interval.getMessage());
    assertThrows(NullPointerException.class, () -> builder.checkpointEvery(10, null));
    assertEquals(1_000, ProjectionRunner.DEFAULT_CHECKPOINT_EVENTS);
    assertEquals(Duration.ofSeconds(1), ProjectionRunner.DEFAULT_CHECKPOINT_INTERVAL);
  }

  /** An in-memory checkpoint store that counts its saves. */
  private static final class CountingCheckpoints implements CheckpointStore {
    private final InMemoryCheckpointStore delegate = new InMemoryCheckpointStore();
    final AtomicInteger saves = new AtomicInteger();

    @Override
    public Checkpoint load(String projection) {
      return delegate.load(projection);
    }

    @Override
    public Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken) {
      saves.incrementAndGet();
      return delegate.save(expected, position, fencingToken);
    }
  }
}
