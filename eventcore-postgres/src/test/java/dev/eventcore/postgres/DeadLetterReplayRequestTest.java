package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator in another process asks for a projection's dead letters to be replayed (the admin
 * CLI's {@code dead-letters replay}); the application holding the lease does it with its handler.
 */
class DeadLetterReplayRequestTest {
  private static final String NAME = "picky";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private PostgresTestDatabase db;
  private PostgresEventStore app;
  private PostgresEventStore operator;
  private ProjectionRunner runner;
  private volatile boolean fixed;
  private final Set<Long> applied = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    app = db.builder().maxPoolSize(6).build();
    operator = db.builder().maxPoolSize(3).build();
    runner = ProjectionRunner.builder(app, PostgresCheckpointStore.of(app))
        .lease(PostgresProjectionLease.of(app, Duration.ofSeconds(5)))
        .tick(Duration.ofMillis(50)).owner("app-1").build();
    runner.register(Projection.of(NAME, (RecordedEvent<?> event) -> {
      long n = ((TestEvent.Numbered) event.payload()).n();
      if (n % 2 == 1 && !fixed) {
        throw new IllegalStateException("odd numbers are not handled yet: " + n);
      }
      applied.add(n);
    }), ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), PostgresDeadLetterStore.of(app)));
  }

  @AfterEach
  void close() throws Exception {
    runner.close();
    app.close();
    operator.close();
    db.close();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void theRunningInstanceReplaysTheDeadLettersAnOperatorAskedForAndGoesOn() throws Exception {
    AppendResult written = app.append(StreamId.of("numbers", "1"), ExpectedVersion.any(),
        List.of(EventData.of(new TestEvent.Numbered(0)), EventData.of(new TestEvent.Numbered(1)),
            EventData.of(new TestEvent.Numbered(2)), EventData.of(new TestEvent.Numbered(3))));
    runner.start(NAME);
    assertTrue(runner.awaitPosition(NAME, written.lastPosition(), WAIT));
    PostgresDeadLetterStore letters = PostgresDeadLetterStore.of(operator);
    assertEquals(2, letters.count(NAME), "1 and 3 gave up on");
    assertEquals(Set.of(0L, 2L), applied);

    fixed = true; // the fix is deployed; the operator asks from another process
    PostgresProjectionAdmin.of(operator).requestReplay(NAME);

    await("the dead letters are replayed", () -> letters.count(NAME) == 0);
    assertEquals(Set.of(0L, 1L, 2L, 3L), applied);
    AppendResult more = app.append(StreamId.of("numbers", "1"), ExpectedVersion.any(),
        List.of(EventData.of(new TestEvent.Numbered(5))));
    assertTrue(runner.awaitPosition(NAME, more.lastPosition(), WAIT), "live again");
    assertTrue(applied.contains(5L));
    await("the request is cleared and the lease held again", () -> {
      StoredProjection stored = PostgresProjectionAdmin.of(operator).find(NAME).orElseThrow();
      return stored.state() == StoredProjection.State.ACTIVE;
    });
  }

  @Test
  void aReplayOfAnUnknownProjectionIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> PostgresProjectionAdmin.of(operator).requestReplay("nope"));
    assertThrows(NullPointerException.class,
        () -> PostgresProjectionAdmin.of(operator).requestReplay(null));
  }
}
