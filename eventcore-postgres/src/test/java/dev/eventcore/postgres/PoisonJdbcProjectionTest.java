package dev.eventcore.postgres;

import static dev.eventcore.postgres.PoisonEventsTest.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.postgres.PoisonEventsTest.PoisonedLog;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.ProjectionError;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transactional {@link JdbcProjection} and a row it cannot decode: dead-lettered with its raw
 * envelope while every other event is written and the checkpoint moves past it, or the projection
 * stops there with nothing after it committed.
 */
class PoisonJdbcProjectionTest {

  private static ProjectionRunner runner(PoisonedLog log, ErrorPolicy policy) {
    return CounterReadModel.runner(log.store, Duration.ofSeconds(10)).errorPolicy(policy).build();
  }

  @Test
  void underADeadLetterPolicyTheRowIsDeadLetteredAndTheCheckpointCommitsPastIt()
      throws Exception {
    try (PoisonedLog log = new PoisonedLog(PoisonRow.A_STRING_WHERE_A_RECORD_IS_EXPECTED)) {
      CounterReadModel model = new CounterReadModel(log.db);
      PostgresDeadLetterStore deadLetters = PostgresDeadLetterStore.of(log.store);
      try (ProjectionRunner runner =
          runner(log, ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))) {
        runner.register(model.projection(log.store));
        runner.start(CounterReadModel.NAME);
        assertTrue(runner.awaitPosition(CounterReadModel.NAME, log.last(), WAIT));
        assertEquals(Map.of("good-1", 1L, "after-1", 1L, "after-2", 1L), model.counts());
        assertEquals(log.last(), model.storedCheckpoint(log.store), "committed past it");
        List<DeadLetter> letters = deadLetters.list(CounterReadModel.NAME);
        assertEquals(1, letters.size(), letters.toString());
        assertEquals(log.poison, letters.get(0).position());
        log.assertEnvelope(letters.get(0).undecodable().orElseThrow());
        assertEquals(1, runner.status(CounterReadModel.NAME).deadLettered());
      }
    }
  }

  @Test
  void underAStopPolicyNothingAfterTheRowIsCommitted() throws Exception {
    try (PoisonedLog log = new PoisonedLog(PoisonRow.UNKNOWN_TYPE)) {
      CounterReadModel model = new CounterReadModel(log.db);
      try (ProjectionRunner runner = runner(log, ErrorPolicy.defaults())) {
        runner.register(model.projection(log.store));
        runner.start(CounterReadModel.NAME);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.status(CounterReadModel.NAME).state() != ProjectionState.FAILED
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        ProjectionError error = runner.status(CounterReadModel.NAME).lastError().orElseThrow();
        assertEquals(log.poison, error.position(), error.message());
        assertEquals(Map.of("good-1", 1L), model.counts());
        assertEquals(log.good.get(0).position(), model.storedCheckpoint(log.store));
      }
    }
  }
}
