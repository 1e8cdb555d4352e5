package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
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
import java.time.Duration;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operations on a registered projection in each state, and the runner's view of all of them. */
class RunnerOperationsTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final ProjectionLease lease = ProjectionLease.inProcess();
  private final List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).lease(lease).tick(Duration.ofMillis(10))
        .build();
  }

  @Test
  void statusesListEveryProjectionInTheOrderRegistered() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("second", seen::add));
      runner.register(Projection.of("first", EventFilter.categories("order"), seen::add));
      runner.register(Projection.of("third", EventFilter.categories("user"), seen::add));
      runner.start("first");
      AppendResult written = append(store, "order", 3);
      assertTrue(runner.awaitPosition("first", written.lastPosition(), WAIT));
      List<ProjectionStatus> statuses = runner.statuses();
      assertEquals(List.of("second", "first", "third"),
          statuses.stream().map(ProjectionStatus::name).toList());
      assertEquals(List.of(ProjectionState.STOPPED, ProjectionState.RUNNING,
          ProjectionState.STOPPED), statuses.stream().map(ProjectionStatus::state).toList());
      assertEquals(List.of(3L, 0L, 0L),
          statuses.stream().map(ProjectionStatus::lagEvents).toList());
      assertEquals(List.of(0L, 3L, 0L), statuses.stream().map(ProjectionStatus::handled).toList());
    }
  }

  @Test
  void startingOrResumingARunningProjectionChangesNothing() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("running", seen::add));
      runner.start("running");
      AppendResult first = append(store, "order", 5);
      assertTrue(runner.awaitPosition("running", first.lastPosition(), WAIT));
      runner.start("running");
      assertEquals(ProjectionState.RUNNING, runner.status("running").state());
      runner.resume("running");
      assertEquals(ProjectionState.RUNNING, runner.status("running").state());
      runner.startAll();
      assertEquals(ProjectionState.RUNNING, runner.status("running").state());
      AppendResult second = append(store, "order", 5);
      assertTrue(runner.awaitPosition("running", second.lastPosition(), WAIT));
      assertEquals(Fixtures.positions(store), seen.stream().map(RecordedEvent::position).toList(),
          "one subscription throughout: each event once");
    }
  }

  @Test
  void aStoppedProjectionWhoseLeaseIsHeldElsewhereIsNotRebuiltButWaitsOnStandby()
      throws Exception {
    AppendResult written = append(store, "order", 5);
    try (ProjectionRunner active = runner(); ProjectionRunner other = runner()) {
      active.register(Projection.of("held", event -> { }));
      other.register(Projection.of("held", seen::add));
      active.start("held");
      assertTrue(active.awaitPosition("held", written.lastPosition(), WAIT));
      Checkpoint claimed = checkpoints.load("held");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> other.rebuild("held"));
      assertEquals("projection held cannot be rebuilt here: another instance holds its lease;"
          + " this one now waits on standby", e.getMessage());
      assertEquals(ProjectionState.STANDBY, other.status("held").state());
      assertEquals(List.of(), seen, "nothing rebuilt");
      assertEquals(claimed, checkpoints.load("held"), "nor its checkpoint touched");
      active.stop("held");
      Fixtures.eventually("the standby takes over",
          () -> other.status("held").state() == ProjectionState.RUNNING);
    }
  }

  @Test
  void lagTimeIsNeverNegativeWhenTheRunnersClockIsBehindTheStores() throws Exception {
    Fixtures.ManualClock storeClock =
        new Fixtures.ManualClock(Instant.parse("2030-01-01T00:01:00Z"));
    Fixtures.ManualClock runnerClock =
        new Fixtures.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (InMemoryEventStore timed =
            new InMemoryEventStore(EventTypes.permissive(), StoreLimits.defaults(), storeClock);
        ProjectionRunner runner = ProjectionRunner.builder(timed, checkpoints)
            .clock(runnerClock).tick(Duration.ofMillis(10)).build()) {
      runner.register(Projection.of("behind", seen::add));
      append(timed, "order", 2);
      ProjectionStatus status = runner.status("behind");
      assertEquals(2, status.lagEvents());
      assertEquals(Duration.ZERO, status.lagTime(), "written a minute 'after' the runner's now");
      runnerClock.advance(Duration.ofMinutes(3));
      assertEquals(Duration.ofMinutes(2), runner.status("behind").lagTime());
    }
  }

  /** Records what it handles; its reset throws {@code failure}. */
  private Projection unresettable(Exception failure) {
    return new Projection() {
      @Override
      public String name() {
        return "unresettable";
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        seen.add(event);
      }

      @Override
      public void reset() throws Exception {
        throw failure;
      }
    };
  }

  @Test
  void aRebuildWhoseResetFailsFailsTheProjectionWhereItWasAndNothingIsReplayed()
      throws Exception {
    AppendResult written = append(store, "order", 5);
    IOException locked = new IOException("read model locked");
    try (ProjectionRunner runner = runner()) {
      runner.register(unresettable(locked));
      runner.start("unresettable");
      assertTrue(runner.awaitPosition("unresettable", written.lastPosition(), WAIT));
      ProjectionFailedException failed =
          assertThrows(ProjectionFailedException.class, () -> runner.rebuild("unresettable"));
      assertEquals(locked, failed.getCause());
      assertEquals("projection unresettable: its reset before a rebuild failed: " + locked,
          failed.error().message());
      ProjectionStatus status = runner.status("unresettable");
      assertEquals(ProjectionState.FAILED, status.state());
      assertEquals(failed.error(), status.lastError().orElseThrow());
      assertEquals(written.lastPosition(), status.position());
      assertEquals(written.lastPosition(), checkpoints.load("unresettable").position());

      runner.start("unresettable"); // resumes where it was: nothing is delivered again
      GlobalPosition more = append(store, "order", 1).lastPosition();
      assertTrue(runner.awaitPosition("unresettable", more, WAIT));
      assertEquals(6, seen.size());
    }
  }

  @Test
  void aResetInterruptedDuringARebuildKeepsTheCallersInterruptStatus() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(unresettable(new InterruptedException("stop resetting")));
      runner.start("unresettable");
      assertThrows(ProjectionFailedException.class, () -> runner.rebuild("unresettable"));
      assertTrue(Thread.interrupted(), "the interrupt is passed on");
      assertEquals(ProjectionState.FAILED, runner.status("unresettable").state());
    }
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
