package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Where a replay of dead letters may run, by the projection's state: beside a paused, stopped or
 * failed projection (taking the lease for the while), never in a rebuild or where another instance
 * holds the lease; and a {@link TransactionalProjection}'s replay commits its writes with its
 * checkpoint, or nothing.
 */
class DeadLetterReplayTest extends ReplayFixture {
  /** A started runner with "a", "b" (dead-lettered) and "c" handled. */
  private ProjectionRunner withOneLetter() throws InterruptedException {
    ProjectionRunner runner = runner();
    runner.register(projection());
    runner.start("p");
    broken.add("b");
    assertTrue(runner.awaitPosition("p", write("a", "b", "c"), WAIT));
    assertEquals(1, deadLetters.count("p"));
    broken.clear();
    return runner;
  }

  @Test
  void aPausedProjectionStaysPausedAndLaterResumesWhereItWas() throws Exception {
    try (ProjectionRunner runner = withOneLetter()) {
      runner.pause("p");
      GlobalPosition last = write("d");
      assertTrue(runner.replayDeadLetters("p").allReplayed());
      assertEquals(List.of("a", "c", "b"), applied);
      assertEquals(ProjectionState.PAUSED, runner.status("p").state());
      runner.resume("p");
      assertTrue(runner.awaitPosition("p", last, WAIT));
      assertEquals(List.of("a", "c", "b", "d"), applied);
    }
  }

  @Test
  void aStoppedOrFailedProjectionTakesItsLeaseForTheReplayOnly() throws Exception {
    try (ProjectionRunner runner = withOneLetter()) {
      runner.stop("p");
      assertTrue(runner.replayDeadLetters("p").allReplayed());
      assertEquals(ProjectionState.STOPPED, runner.status("p").state());
      assertTrue(lease.tryAcquire("p", "someone else").orElseThrow().fencingToken() > 0,
          "the lease is free again");
    }
  }

  @Test
  void aFailedProjectionCanHaveItsDeadLettersReplayed() throws Exception {
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("failing", (RecordedEvent<?> event) -> {
        if (text(event).equals("fatal")) {
          throw new AssertionError("an Error stops the projection at once");
        }
        if (broken.contains(text(event))) {
          throw new IllegalStateException("planned failure of " + text(event));
        }
        applied.add(text(event));
      }));
      broken.add("b");
      write("a", "b", "fatal");
      runner.start("failing");
      eventually("it fails", () -> runner.status("failing").state() == ProjectionState.FAILED);
      assertEquals(1, deadLetters.count("failing"));
      broken.clear();
      assertTrue(runner.replayDeadLetters("failing").allReplayed());
      assertEquals(List.of("a", "b"), applied);
      assertEquals(0, deadLetters.count("failing"));
      assertEquals(ProjectionState.FAILED, runner.status("failing").state());
    }
  }

  @Test
  void whereAnotherInstanceHoldsTheLeaseTheReplayIsRefused() throws Exception {
    try (ProjectionRunner active = withOneLetter(); ProjectionRunner other = runner()) {
      other.register(projection());
      IllegalStateException stopped = assertThrows(IllegalStateException.class,
          () -> other.replayDeadLetters("p"));
      assertTrue(stopped.getMessage().contains("another instance holds its lease"),
          stopped.getMessage());
      other.start("p");
      assertEquals(ProjectionState.STANDBY, other.status("p").state());
      IllegalStateException standby = assertThrows(IllegalStateException.class,
          () -> other.replayDeadLetters("p"));
      assertTrue(standby.getMessage().contains("standby"), standby.getMessage());
      assertEquals(1, deadLetters.count("p"), "nothing replayed");
      assertEquals(List.of("a", "c"), applied);
    }
  }

  @Test
  void aRebuildingProjectionRefusesTheReplay() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ProjectionRunner runner = withOneLetter()) {
      runner.stop("p");
      try (ProjectionRunner slow = runner()) {
        try {
          slow.register(Projection.of("p", (RecordedEvent<?> event) -> release.await()));
          slow.rebuild("p");
          assertEquals(ProjectionState.REBUILDING, slow.status("p").state());
          IllegalStateException e = assertThrows(IllegalStateException.class,
              () -> slow.replayDeadLetters("p"));
          assertTrue(e.getMessage().contains("rebuilding"), e.getMessage());
          assertEquals(1, deadLetters.count("p"));
        } finally {
          release.countDown();
        }
      }
    }
  }

  @Test
  void aTransactionalProjectionCommitsTheReplayWithItsCheckpointOrNothing() throws Exception {
    StagedProjection staged = new StagedProjection();
    try (ProjectionRunner runner = runner()) {
      runner.register(staged);
      runner.start("staged");
      broken.addAll(List.of("b", "c"));
      GlobalPosition last = write("a", "b", "c", "d");
      assertTrue(runner.awaitPosition("staged", last, WAIT));
      assertEquals(List.of("a", "d"), staged.committed);
      assertEquals(2, deadLetters.count("staged"));
      Checkpoint before = checkpoints.load("staged");

      broken.remove("b");
      ReplayResult result = runner.replayDeadLetters("staged");
      assertEquals(1, result.replayed().size());
      assertEquals(1, result.stillFailing().size());
      assertEquals(List.of("a", "d", "b"), staged.committed, "c is not committed");
      Checkpoint after = checkpoints.load("staged");
      assertEquals(before.position(), after.position(), "the position stays");
      assertTrue(after.revision() > before.revision(), "the replay committed with a fenced save");
      assertEquals(2, deadLetters.list("staged").get(0).attempts());

      GlobalPosition more = write("e");
      assertTrue(runner.awaitPosition("staged", more, WAIT));
      assertEquals(List.of("a", "d", "b", "e"), staged.committed, "live again, nothing twice");
    }
  }

  /** A transactional projection in memory: handled events pend until committed. */
  private final class StagedProjection implements TransactionalProjection {
    final List<String> committed = new CopyOnWriteArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private Checkpoint stored = Checkpoint.initial("staged");
    private long token;
    private GlobalPosition last = GlobalPosition.START;

    @Override
    public String name() {
      return "staged";
    }

    @Override
    public synchronized void open(Checkpoint from, long fencingToken) {
      pending.clear();
      stored = from;
      token = fencingToken;
      last = from.position();
    }

    @Override
    public synchronized void handle(RecordedEvent<?> event) {
      if (broken.contains(text(event))) {
        throw new IllegalStateException("planned failure of " + text(event));
      }
      pending.add(text(event));
      if (event.position().isAfter(last)) {
        last = event.position();
      }
    }

    @Override
    public synchronized Checkpoint commit(GlobalPosition position) {
      GlobalPosition target = last.isAfter(position) ? last : position;
      if (pending.isEmpty() && target.equals(stored.position())) {
        return stored;
      }
      stored = checkpoints.save(stored, target, token);
      committed.addAll(pending);
      pending.clear();
      return stored;
    }

    @Override
    public synchronized void abandon() {
      pending.clear();
    }
  }
}
