package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter replay that cannot finish as planned: a handler interrupted while replaying, a
 * transactional commit fenced out by a newer holder, and a live run that cannot continue after the
 * replay.
 */
class ReplayFailuresTest extends ReplayFixture {

  @Test
  void aHandlerInterruptedWhileReplayingKeepsItsLetterAndTheInterrupt() throws Exception {
    AtomicBoolean interrupting = new AtomicBoolean();
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("p", (RecordedEvent<?> event) -> {
        if (interrupting.get()) {
          throw new InterruptedException("shutting down");
        }
        if (broken.contains(text(event))) {
          throw new IllegalStateException("planned failure of " + text(event));
        }
        applied.add(text(event));
      }));
      runner.start("p");
      broken.add("b");
      GlobalPosition last = write("a", "b");
      assertTrue(runner.awaitPosition("p", last, WAIT));
      runner.stop("p");

      interrupting.set(true);
      ReplayResult result = runner.replayDeadLetters("p");
      assertTrue(Thread.interrupted(), "the interrupt is passed on to the caller");
      assertEquals(0, result.replayed().size());
      assertEquals(1, result.stillFailing().size());
      DeadLetter kept = deadLetters.list("p").get(0);
      assertEquals(last, kept.position());
      assertEquals(2, kept.attempts());
      assertEquals("java.lang.InterruptedException: shutting down", kept.error());
    }
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void aPausedTransactionalProjectionFencedOutWhileReplayingStandsDown() throws Exception {
    BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ZERO, 0);
    ledger.poison.add("b");
    ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).lease(lease)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofHours(1)).build();
    try (runner) {
      runner.register(ledger);
      runner.start("ledger");
      GlobalPosition last = write("a", "b", "c");
      assertTrue(runner.awaitPosition("ledger", last, WAIT));
      runner.pause("ledger");
      ledger.poison.clear();
      ledger.fenced.set(1);

      IllegalStateException lost =
          assertThrows(IllegalStateException.class, () -> runner.replayDeadLetters("ledger"));
      assertTrue(lost.getMessage().startsWith("projection ledger lost its lease while replaying the"
          + " dead letter at position " + deadLetters.list("ledger").get(0).position()
          + "; not replayed: "), lost.getMessage());
      // a newer holder saved: this instance stands down (and, the lease being free here, may
      // take it again at once)
      assertTrue(runner.status("ledger").state() != ProjectionState.PAUSED);
      assertTrue(runner.status("ledger").lastError().orElseThrow().message().contains("not saved"),
          runner.status("ledger").lastError().toString());
      assertEquals(1, deadLetters.count("ledger"));
      assertEquals(List.of("a", "c"), ledger.committed);
    }
  }

  @Test
  void aLiveRunThatCannotContinueAfterTheReplayFailsTheProjection() throws Exception {
    AtomicBoolean refuseToResume = new AtomicBoolean();
    try (ProjectionRunner runner = runner()) {
      runner.register(new Projection() {
        @Override
        public String name() {
          return "p";
        }

        @Override
        public void handle(RecordedEvent<?> event) {
          if (broken.contains(text(event))) {
            throw new IllegalStateException("planned failure of " + text(event));
          }
          applied.add(text(event));
        }

        @Override
        public void resumesAfter(GlobalPosition position) {
          if (refuseToResume.get()) {
            throw new IllegalStateException("read model offline");
          }
        }
      });
      runner.start("p");
      broken.add("b");
      GlobalPosition last = write("a", "b", "c");
      assertTrue(runner.awaitPosition("p", last, WAIT));

      broken.clear();
      refuseToResume.set(true);
      assertTrue(runner.replayDeadLetters("p").allReplayed(), "the replay itself succeeded");
      assertEquals(List.of("a", "c", "b"), applied);
      ProjectionStatus status = runner.status("p");
      assertEquals(ProjectionState.FAILED, status.state());
      assertEquals("projection p could not continue after replaying dead letters:"
          + " java.lang.IllegalStateException: read model offline",
          status.lastError().orElseThrow().message());
      assertEquals(last, status.position());
    }
  }
}
