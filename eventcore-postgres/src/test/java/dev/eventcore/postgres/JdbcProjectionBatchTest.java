package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.StaleCheckpointException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch cap of {@link JdbcProjection}: a batch that reaches {@code maxBatch} events commits at
 * once with its checkpoint, and a failure mid-batch rolls back the read-model writes and the
 * checkpoint together. Drives the projection directly, as the runner does, so every commit point
 * is known.
 */
class JdbcProjectionBatchTest {
  private static final int CAP = 3;
  /** A delay no test reaches: only the cap and explicit commits commit. */
  private static final Duration LONG = Duration.ofMinutes(1);

  private PostgresTestDatabase db;
  private PostgresEventStore store;
  private CounterReadModel model;
  private PostgresCheckpointStore checkpoints;
  private List<RecordedEvent<?>> events;

  @BeforeEach
  void open() throws Exception {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
    model = new CounterReadModel(db);
    checkpoints = PostgresCheckpointStore.of(store);
    for (int i = 0; i < 10; i++) {
      store.append(StreamId.of("counter", Integer.toString(i % 4)), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(i))));
    }
    // the log shows an event once every transaction that began before it ended (cluster-wide)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    events = store.readAll(GlobalPosition.START, 100);
    while (events.size() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      events = store.readAll(GlobalPosition.START, 100);
    }
    assertEquals(10, events.size(), "events visible in the log");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void aFullBatchCommitsAtOnceWithItsCheckpointAndAPartialOneStaysInvisible() throws Exception {
    JdbcProjection projection = model.projection(store, CAP, LONG);
    projection.open(checkpoints.load(CounterReadModel.NAME), 1);
    for (int i = 0; i < 7; i++) {
      projection.handle(events.get(i));
      int committed = (i + 1) / CAP * CAP; // only whole batches are visible
      assertCommitted(committed);
    }
    projection.abandon(); // the pending 7th event is rolled back, the checkpoint stays at the 6th
    assertCommitted(6);
    assertTrue(model.eventsPerTransaction.values().stream().allMatch(n -> n <= CAP),
        "no transaction exceeds the cap: " + model.eventsPerTransaction);
  }

  @Test
  void aTransactionKilledMidBatchRollsBackItsWritesAndCheckpointTogether() throws Exception {
    JdbcProjection projection = model.projection(store, CAP, LONG);
    projection.open(checkpoints.load(CounterReadModel.NAME), 1);
    for (int i = 0; i < 5; i++) {
      projection.handle(events.get(i)); // one batch of 3 committed, 2 events pending
    }
    model.killTransaction();
    projection.handle(events.get(5)); // the loss is not this event's fault: nothing is written,
    projection.handle(events.get(6)); // nor after it, until the runner reopens the projection
    assertThrows(RuntimeException.class, () -> projection.commit(events.get(6).position()),
        "the lost batch is reported to the runner, never committed in part");
    assertCommitted(3);

    projection.open(checkpoints.load(CounterReadModel.NAME), 1); // the runner restarts from it
    for (int i = 3; i < events.size(); i++) {
      projection.handle(events.get(i));
    }
    projection.commit(events.get(events.size() - 1).position());
    assertCommitted(events.size());
  }

  @Test
  void aBatchFailingAtOneEventCommitsTheEventsBeforeItAndHandsThatEventAloneToTheRunner()
      throws Exception {
    for (boolean batched : new boolean[] {false, true}) {
      CounterReadModel fresh = freshModel();
      JdbcProjection projection = batched
          ? fresh.batchProjection(store, 10, LONG)
          : fresh.projection(store, 10, LONG);
      projection.open(checkpoints.load(CounterReadModel.NAME), 1);
      fresh.poisoned.add(events.get(2).position());
      for (int i = 0; i < 5; i++) {
        projection.handle(events.get(i)); // kept in memory: nothing is written yet
      }
      assertCommitted(0);
      Checkpoint stored = projection.commit(events.get(4).position());
      assertEquals(events.get(1).position(), stored.position(), "committed up to the fault");
      assertCommitted(2);
      assertTrue(projection.redeliveryNeeded(), "the rest comes again from the checkpoint");

      projection.open(checkpoints.load(CounterReadModel.NAME), 1); // the runner resubscribes
      assertFalse(projection.redeliveryNeeded());
      assertThrows(IllegalStateException.class, () -> projection.handle(events.get(2)),
          "the event at fault, handled alone, fails where the error policy sees it");
      assertCommitted(2);
      fresh.poisoned.clear(); // say the runner's retry succeeds
      projection.handle(events.get(2));
      assertCommitted(3); // handled alone, committed at once
      projection.handle(events.get(3));
      projection.handle(events.get(4));
      projection.commit(events.get(4).position());
      assertCommitted(5);
      projection.abandon();
    }
  }

  @Test
  void anEventAtFaultThatIsPassedOverLeavesTheOthersWrittenOnce() throws Exception {
    JdbcProjection projection = model.batchProjection(store, 10, LONG);
    projection.open(checkpoints.load(CounterReadModel.NAME), 1);
    model.poisoned.add(events.get(6).position());
    for (int i = 0; i < 10; i++) {
      projection.handle(events.get(i));
    }
    assertEquals(events.get(5).position(), projection.commit(events.get(9).position()).position());
    projection.open(checkpoints.load(CounterReadModel.NAME), 1);
    assertThrows(IllegalStateException.class, () -> projection.handle(events.get(6)));
    // the runner dead-letters it and goes on with the next event
    for (int i = 7; i < 10; i++) {
      projection.handle(events.get(i));
    }
    projection.commit(events.get(9).position());
    assertEquals(9, total(), "every event but the one at fault, each once");
    assertEquals(events.get(9).position(), model.storedCheckpoint(store));
  }

  @Test
  void aStaleCheckpointRejectsTheFullBatchAndRollsBackItsWrites() throws Exception {
    JdbcProjection projection = model.projection(store, CAP, LONG);
    Checkpoint initial = checkpoints.load(CounterReadModel.NAME);
    projection.open(initial, 1);
    projection.handle(events.get(0));
    projection.handle(events.get(1));
    checkpoints.save(initial, GlobalPosition.START, 2); // a newer instance took over
    projection.handle(events.get(2)); // the full batch's commit is rejected: not a handler error
    projection.handle(events.get(3)); // nothing more is written until the runner reopens it
    assertThrows(StaleCheckpointException.class,
        () -> projection.commit(events.get(3).position()), "the runner stands down");
    assertEquals(0, total(), "nothing of the rejected batch was written");
    assertEquals(2, checkpoints.load(CounterReadModel.NAME).fencingToken());
  }

  @Test
  void aStaleOwnersFullBatchIsRefusedWithABatchHandlerToo() throws Exception {
    JdbcProjection projection = model.batchProjection(store, CAP, LONG);
    Checkpoint initial = checkpoints.load(CounterReadModel.NAME);
    projection.open(initial, 1);
    projection.handle(events.get(0));
    projection.handle(events.get(1));
    checkpoints.save(initial, GlobalPosition.START, 2); // a newer instance took over
    projection.handle(events.get(2)); // the full batch's commit is fenced off
    projection.handle(events.get(3));
    assertThrows(StaleCheckpointException.class,
        () -> projection.commit(events.get(3).position()), "the runner stands down");
    assertEquals(0, total(), "nothing of the refused batch was written");
    assertEquals(2, checkpoints.load(CounterReadModel.NAME).fencingToken());
  }

  @Test
  void theCapDefaultsTo500AndMustBePositive() {
    assertEquals(500, JdbcProjection.DEFAULT_MAX_BATCH);
    assertEquals(500, model.projection(store).maxBatch());
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> JdbcProjection.builder("p", store).maxBatch(bad));
      assertEquals("maxBatch must be >= 1 but was " + bad, e.getMessage());
    }
    assertEquals(1, JdbcProjection.builder("p", store).maxBatch(1)
        .handler((event, connection) -> { }).build().maxBatch());
  }

  private CounterReadModel freshModel() throws SQLException {
    db.sql("DELETE FROM %s.counts");
    db.sql("DELETE FROM %s.checkpoints");
    model = new CounterReadModel(db);
    return model;
  }

  /** The read model holds exactly the first {@code n} events and the checkpoint is the nth. */
  private void assertCommitted(int n) throws SQLException {
    assertEquals(n, total(), "events in the read model");
    GlobalPosition expected = n == 0 ? GlobalPosition.START : events.get(n - 1).position();
    assertEquals(expected, model.storedCheckpoint(store), "checkpoint");
  }

  private long total() throws SQLException {
    return model.counts().values().stream().mapToLong(Long::longValue).sum();
  }
}
