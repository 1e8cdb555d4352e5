package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.EventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The runner's life cycle on the in-memory store: resume, pause, rebuild, filters, status. */
class ProjectionRunnerTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).tick(Duration.ofMillis(10)).build();
  }

  @Test
  void aRestartedRunnerResumesFromTheCheckpointWithoutRedelivering() throws Exception {
    AppendResult first = append(store, "order", 100);
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("resume", seen::add));
      runner.start("resume");
      assertTrue(runner.awaitPosition("resume", first.lastPosition(), WAIT));
    }
    assertEquals(first.lastPosition(), checkpoints.load("resume").position());
    AppendResult second = append(store, "order", 50);
    try (ProjectionRunner restarted = runner()) {
      restarted.register(Projection.of("resume", seen::add));
      restarted.start("resume");
      assertTrue(restarted.awaitPosition("resume", second.lastPosition(), WAIT));
    }
    assertEquals(Fixtures.positions(store), seen.stream().map(RecordedEvent::position).toList());
  }

  @Test
  void aPausedProjectionAppliesNothingUntilResumed() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("pausing", seen::add));
      runner.start("pausing");
      AppendResult before = append(store, "order", 10);
      assertTrue(runner.awaitPosition("pausing", before.lastPosition(), WAIT));
      runner.pause("pausing");
      runner.pause("pausing"); // idempotent
      assertEquals(ProjectionState.PAUSED, runner.status("pausing").state());
      AppendResult during = append(store, "order", 5);
      assertFalse(runner.awaitPosition("pausing", during.lastPosition(), Duration.ofMillis(150)));
      assertEquals(10, seen.size());
      assertEquals(5, runner.status("pausing").lagEvents());
      assertEquals(before.lastPosition(), checkpoints.load("pausing").position());
      runner.resume("pausing");
      assertTrue(runner.awaitPosition("pausing", during.lastPosition(), WAIT));
      assertEquals(15, seen.size());
      assertEquals(ProjectionState.RUNNING, runner.status("pausing").state());
    }
  }

  @Test
  void aRebuildResetsReplaysAndReportsProgressThenRunsLive() throws Exception {
    AtomicInteger count = new AtomicInteger();
    AtomicInteger resets = new AtomicInteger();
    List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
    Projection counting = new Projection() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        count.incrementAndGet();
      }

      @Override
      public void reset() {
        resets.incrementAndGet();
        count.set(0);
      }
    };
    AppendResult written = append(store, "order", 2_000);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).progressInterval(Duration.ZERO).progressListener(progress::add)
        .build()) {
      runner.register(counting);
      runner.start("counting");
      assertTrue(runner.awaitPosition("counting", written.lastPosition(), WAIT));
      runner.rebuild("counting");
      assertEquals(1, resets.get());
      eventually("the rebuild finishes", () -> runner.status("counting").state() == ProjectionState.RUNNING);
      assertEquals(2_000, count.get(), "replayed once after the reset");
      RebuildProgress begin = progress.get(0);
      RebuildProgress end = progress.get(progress.size() - 1);
      assertEquals(0, begin.done());
      assertEquals(2_000, begin.total());
      assertFalse(begin.finished());
      assertTrue(end.finished());
      assertEquals(2_000, end.done());
      assertEquals(Duration.ZERO, end.eta().orElseThrow());
      for (int i = 1; i < progress.size(); i++) {
        assertTrue(progress.get(i).done() >= progress.get(i - 1).done(), "done never goes back");
      }
      AppendResult live = append(store, "order", 3);
      assertTrue(runner.awaitPosition("counting", live.lastPosition(), WAIT));
      assertEquals(2_003, count.get());
    }
  }

  @Test
  void aFilteredProjectionGetsOnlyMatchingEventsYetItsCheckpointAdvancesPastTheRest()
      throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("orders-only", EventFilter.categories("order"), seen::add));
      runner.start("orders-only");
      append(store, "order", 2);
      AppendResult last = append(store, "user", 500);
      assertTrue(runner.awaitPosition("orders-only", last.lastPosition(), WAIT));
      assertEquals(2, seen.size());
      assertTrue(seen.stream().allMatch(event -> event.streamId().category().equals("order")));
      eventually("the checkpoint passes the user events",
          () -> checkpoints.load("orders-only").position().equals(last.lastPosition()));
      ProjectionStatus status = runner.status("orders-only");
      assertEquals(last.lastPosition(), status.position());
      assertEquals(0, status.lagEvents());
      assertEquals(Duration.ZERO, status.lagTime());
    }
  }

  @Test
  void statusReportsLagInEventsAndTimeFromTheInjectedClock() throws Exception {
    Fixtures.ManualClock clock = new Fixtures.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (InMemoryEventStore timed =
            new InMemoryEventStore(EventTypes.permissive(), StoreLimits.defaults(), clock);
        ProjectionRunner runner = ProjectionRunner.builder(timed, checkpoints)
            .clock(clock).tick(Duration.ofMillis(10)).build()) {
      runner.register(Projection.of("lagging", EventFilter.categories("order"), seen::add));
      runner.start("lagging");
      runner.pause("lagging");
      append(timed, "order", 7);
      append(timed, "user", 3);
      clock.advance(Duration.ofSeconds(42));
      ProjectionStatus status = runner.status("lagging");
      assertEquals(ProjectionState.PAUSED, status.state());
      assertEquals(7, status.lagEvents(), "only matching events count");
      assertEquals(Duration.ofSeconds(42), status.lagTime());
      assertTrue(status.lastError().isEmpty());
    }
  }

  @Test
  void awaitPositionIsReadYourWritesAndTimesOutBeyondTheLog() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("ryw", seen::add));
      runner.start("ryw");
      for (int i = 0; i < 20; i++) {
        AppendResult written = append(store, "order", 1);
        assertTrue(runner.awaitPosition("ryw", written.lastPosition(), WAIT));
        assertEquals(written.lastPosition(), seen.get(seen.size() - 1).position());
      }
      assertFalse(runner.awaitPosition("ryw", GlobalPosition.of(10_000), Duration.ofMillis(50)));
    }
  }

  @Test
  void theProjectionHearsItCaughtUpOnceEveryEventWrittenBeforeWasHandled() throws Exception {
    append(store, "order", 30);
    AtomicInteger handled = new AtomicInteger();
    List<Integer> handledWhenCaughtUp = new CopyOnWriteArrayList<>();
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("flushing", new EventHandler() {
        @Override
        public void handle(RecordedEvent<?> event) {
          handled.incrementAndGet();
        }

        @Override
        public void caughtUp() {
          handledWhenCaughtUp.add(handled.get());
        }
      }));
      runner.start("flushing");
      eventually("the catch-up ends", () -> !handledWhenCaughtUp.isEmpty());
      assertEquals(30, handledWhenCaughtUp.get(0), "told once the 30 events were handled");
      append(store, "order", 5);
      eventually("the live events are flushed", () -> handledWhenCaughtUp.contains(35));
    }
  }

  @Test
  void aFailingCaughtUpStopsTheProjectionWithItsError() throws Exception {
    AppendResult written = append(store, "order", 3);
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("unflushable", new EventHandler() {
        @Override
        public void handle(RecordedEvent<?> event) {}

        @Override
        public void caughtUp() {
          throw new IllegalStateException("the batch cannot be flushed");
        }
      }));
      runner.start("unflushable");
      eventually("the projection fails",
          () -> runner.status("unflushable").state() == ProjectionState.FAILED);
      ProjectionError error = runner.status("unflushable").lastError().orElseThrow();
      assertTrue(error.message().contains("the batch cannot be flushed"), error.message());
      assertEquals(written.lastPosition(), error.position());
    }
  }

  @Test
  void aClosedRunnerRefusesEveryOperationAndLetsAnotherRunnerTakeOver() throws Exception {
    ProjectionLease lease = ProjectionLease.inProcess();
    ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).lease(lease)
        .tick(Duration.ofMillis(10)).build();
    runner.register(Projection.of("closing", seen::add));
    runner.start("closing");
    AppendResult first = append(store, "order", 5);
    assertTrue(runner.awaitPosition("closing", first.lastPosition(), WAIT));

    runner.close();
    runner.close(); // idempotent

    assertEquals(first.lastPosition(), checkpoints.load("closing").position(), "saved on close");
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("register", () -> runner.register(Projection.of("late", seen::add)));
    calls.put("start", () -> runner.start("closing"));
    calls.put("startAll", runner::startAll);
    calls.put("pause", () -> runner.pause("closing"));
    calls.put("resume", () -> runner.resume("closing"));
    calls.put("stop", () -> runner.stop("closing"));
    calls.put("rebuild", () -> runner.rebuild("closing"));
    calls.put("status", () -> runner.status("closing"));
    calls.put("awaitPosition", () -> runner.awaitPosition("closing", first.lastPosition(), WAIT));
    calls.put("replayDeadLetters", () -> runner.replayDeadLetters("closing"));
    calls.forEach((name, call) -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, call, name);
      assertEquals("the projection runner is closed", e.getMessage(), name);
    });
    AppendResult second = append(store, "order", 5);
    // the lease was released on close: another runner takes the projection over at once
    try (ProjectionRunner next = ProjectionRunner.builder(store, checkpoints).lease(lease)
        .tick(Duration.ofMillis(10)).build()) {
      next.register(Projection.of("closing", seen::add));
      next.start("closing");
      assertEquals(ProjectionState.RUNNING, next.status("closing").state());
      assertTrue(next.awaitPosition("closing", second.lastPosition(), WAIT));
    }
    assertEquals(Fixtures.positions(store), seen.stream().map(RecordedEvent::position).toList(),
        "each event once: none handled by the closed runner, none twice");
  }

  @Test
  void misuseFailsFast() {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("once", seen::add));
      assertThrows(IllegalArgumentException.class,
          () -> runner.register(Projection.of("once", seen::add)));
      assertThrows(IllegalArgumentException.class, () -> runner.start("missing"));
      assertThrows(IllegalStateException.class, () -> runner.resume("once"));
      assertThrows(IllegalStateException.class, () -> runner.pause("once"));
      assertThrows(IllegalArgumentException.class, () -> Projection.of(" padded", seen::add));
      assertThrows(NullPointerException.class, () -> runner.start(null));
      runner.stop("once"); // stopping a stopped projection is a no-op
      assertEquals(ProjectionState.STOPPED, runner.status("once").state());
    }
  }
}
