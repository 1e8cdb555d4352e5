package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.ProjectionError;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link JdbcProjection} with a batch handler under a real runner: a poisoned event inside a
 * batch is stopped at or dead-lettered alone while the others are written once, a full batch
 * commits by itself, a caught-up projection commits a new event within its delay, and the
 * builder refuses bad settings.
 */
class BatchedJdbcProjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private PostgresTestDatabase db;
  private PostgresEventStore store;
  private CounterReadModel model;

  @BeforeEach
  void open() throws Exception {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
    model = new CounterReadModel(db);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void aPoisonedEventInsideABatchIsDeadLetteredAloneAndEveryOtherEventIsWrittenOnce()
      throws Exception {
    List<RecordedEvent<?>> events = append(40);
    model.poisoned.add(events.get(17).position());
    PostgresDeadLetterStore deadLetters = PostgresDeadLetterStore.of(store);
    try (ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(10))
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .build()) {
      runner.register(model.batchProjection(store, 100, Duration.ofMillis(10)));
      runner.start(CounterReadModel.NAME);
      GlobalPosition last = events.get(events.size() - 1).position();
      assertTrue(runner.awaitPosition(CounterReadModel.NAME, last, WAIT));
      List<RecordedEvent<?>> applied = new ArrayList<>(events);
      applied.remove(17);
      assertEquals(CounterReadModel.expectedCounts(applied), model.counts());
      assertEquals(last, model.storedCheckpoint(store));
      List<DeadLetter> letters = deadLetters.list(CounterReadModel.NAME);
      assertEquals(1, letters.size(), letters.toString());
      assertEquals(events.get(17).position(), letters.get(0).position());
      assertEquals(1, runner.status(CounterReadModel.NAME).deadLettered());
      assertEquals(ProjectionState.RUNNING, runner.status(CounterReadModel.NAME).state());
    }
  }

  @Test
  void underAStopPolicyTheProjectionStopsAtThePoisonedEventWithTheEventsBeforeItCommitted()
      throws Exception {
    List<RecordedEvent<?>> events = append(40);
    model.poisoned.add(events.get(23).position());
    try (ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(10))
        .errorPolicy(ErrorPolicy.retryThenStop(RetryPolicy.noRetry())).build()) {
      runner.register(model.batchProjection(store, 100, Duration.ofMillis(10)));
      runner.start(CounterReadModel.NAME);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (runner.status(CounterReadModel.NAME).state() != ProjectionState.FAILED
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      ProjectionError error = runner.status(CounterReadModel.NAME).lastError().orElseThrow();
      assertEquals(events.get(23).position(), error.position(), error.message());
      assertEquals(CounterReadModel.expectedCounts(events.subList(0, 23)), model.counts());
      assertEquals(events.get(22).position(), model.storedCheckpoint(store));
    }
  }

  @Test
  void aFullBatchCommitsByItselfAndTheRestWaitsForItsDelay() throws Exception {
    // a tick and a delay no test reaches: only the size threshold and pause commit
    try (ProjectionRunner runner = ProjectionRunner.builder(store,
        PostgresCheckpointStore.of(store)).tick(Duration.ofMinutes(1)).build()) {
      runner.register(model.batchProjection(store, 10, Duration.ofMinutes(1)));
      runner.start(CounterReadModel.NAME);
      List<RecordedEvent<?>> events = append(25);
      GlobalPosition twentieth = events.get(19).position();
      assertTrue(runner.awaitPosition(CounterReadModel.NAME, twentieth, WAIT));
      Thread.sleep(200); // the last 5 are handled by now, and must not be committed
      assertEquals(twentieth, model.storedCheckpoint(store), "two full batches, no more");
      assertEquals(CounterReadModel.expectedCounts(events.subList(0, 20)), model.counts());
      runner.pause(CounterReadModel.NAME); // pause commits what is pending
      assertEquals(events.get(24).position(), model.storedCheckpoint(store));
      assertEquals(CounterReadModel.expectedCounts(events), model.counts());
    }
  }

  @Test
  void aCaughtUpProjectionCommitsANewEventWithinItsDelayWithoutATick() throws Exception {
    try (ProjectionRunner runner = ProjectionRunner.builder(store,
        PostgresCheckpointStore.of(store)).tick(Duration.ofMinutes(1)).build()) {
      runner.register(model.batchProjection(store, 500, Duration.ofMillis(20)));
      runner.start(CounterReadModel.NAME);
      for (int i = 0; i < 5; i++) {
        AppendResult written = store.append(StreamId.of("counter", "lag"), ExpectedVersion.any(),
            List.of(EventData.of(new TestEvent.Numbered(i))));
        // generous: the bound is the 20 ms delay plus a commit, far from a full tick (1 minute)
        assertTrue(runner.awaitPosition(CounterReadModel.NAME, written.lastPosition(),
            Duration.ofSeconds(10)), "committed by the delay, not the tick");
      }
      assertEquals(Map.of("counter-lag", 5L), model.counts());
    }
  }

  @Test
  void theBuilderRefusesBadSettings() {
    assertEquals(Duration.ofMillis(20), JdbcProjection.DEFAULT_MAX_DELAY);
    assertEquals(JdbcProjection.DEFAULT_MAX_DELAY, model.projection(store).maxDelay());
    for (Duration bad : List.of(Duration.ofMillis(-1), Duration.ofMinutes(1).plusNanos(1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> JdbcProjection.builder("p", store).maxDelay(bad));
      assertEquals("maxDelay must be between 0 and PT1M but was " + bad, e.getMessage());
    }
    assertThrows(NullPointerException.class,
        () -> JdbcProjection.builder("p", store).batchHandler(null));
    IllegalStateException both = assertThrows(IllegalStateException.class,
        () -> JdbcProjection.builder("p", store).handler((event, c) -> { })
            .batchHandler((events, c) -> { }).build());
    assertEquals("set either handler(...) or batchHandler(...), not both", both.getMessage());
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> JdbcProjection.builder("p", store).build());
    assertTrue(none.getMessage().contains("batchHandler"), none.getMessage());
    assertEquals(Duration.ZERO, JdbcProjection.builder("p", store).maxDelay(Duration.ZERO)
        .batchHandler((events, c) -> { }).build().maxDelay());
  }

  private List<RecordedEvent<?>> append(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      store.append(StreamId.of("counter", Integer.toString(i % 7)), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(i))));
    }
    // the log shows an event once every transaction that began before it ended (cluster-wide)
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, n);
    while (all.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
      all = store.readAll(GlobalPosition.START, n);
    }
    assertEquals(n, all.size(), "events visible in the log");
    return all;
  }
}
