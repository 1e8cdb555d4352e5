package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.serialization.Upcaster;
import dev.eventcore.testkit.contract.UpcastEvents;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution in PostgreSQL: rows written in old shapes by plain SQL, before V4 added the
 * revision column; a field added later; unknown revisions; a JDBC projection never commits half a
 * split event.
 */
class PostgresUpcastingTest {

  sealed interface ShopEvent permits Placed, Noted {}

  @EventType(value = "pg.Placed", revision = 2)
  record Placed(String orderId, long cents) implements ShopEvent {}

  /** Revision 1: the amount was text. */
  @EventType(value = "pg.Placed", revision = 1)
  record PlacedV1(String orderId, String amount) {}

  /**
   * {@code author} was added after events were stored without it, {@code mood} removed: neither
   * needs an upcaster.
   */
  @EventType("pg.Noted")
  record Noted(String text, Optional<String> author) implements ShopEvent {}

  static final EventTypes TYPES = EventTypes.of(ShopEvent.class).withUpcasters(
      Upcaster.of(PlacedV1.class, Placed.class,
          old -> new Placed(old.orderId(), Long.parseLong(old.amount()))));

  @Test
  void v4MigratesAV3SchemaWithRowsThatThenReadAsRevisionOneAndAreUpcast() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("3");
      // rows as a V3 store wrote them: no revision column yet
      db.sql("INSERT INTO %s.events"
          + " (tx, ordinal, stream_id, version, event_id, type, data, metadata)"
          + " VALUES (pg_current_xact_id(), 0, 'order-1', 1, gen_random_uuid(), 'pg.Placed',"
          + " '{\"orderId\":\"o1\",\"amount\":\"250\"}', '{}'),"
          + " (pg_current_xact_id(), 1, 'order-1', 2, gen_random_uuid(), 'pg.Noted',"
          + " '{\"text\":\"hi\",\"mood\":\"a field removed since\"}', '{}')");
      db.sql("INSERT INTO %s.streams VALUES ('order-1', 2)");

      try (PostgresEventStore store = db.builder().eventTypes(TYPES).maxPoolSize(3).build()) {
        assertEquals(2, db.count("SELECT count(*) FROM %s.events WHERE revision = 1"));
        StreamId stream = StreamId.of("order-1");
        store.append(stream, ExpectedVersion.exactly(Version.of(2)), List.of(
            EventData.of(new Placed("o2", 7)), EventData.of(new Noted("yo", Optional.of("al")))));
        assertEquals(1, db.count("SELECT count(*) FROM %s.events WHERE revision = 2"),
            "appends store the class's revision");

        List<Object> expected = List.of(new Placed("o1", 250), new Noted("hi", Optional.empty()),
            new Placed("o2", 7), new Noted("yo", Optional.of("al")));
        assertEquals(expected, payloads(store.readStream(stream)));
        awaitReadable(store, 4); // other tests' transactions in the cluster may hold the horizon
        assertEquals(expected, payloads(store.readAll(GlobalPosition.START, 100)));
        assertEquals(List.of(expected.get(0), expected.get(2)), payloads(store.readAll(
            GlobalPosition.START, 100, EventTypes.of(Placed.class).asFilter()).events()));
        assertEquals(List.of(expected.get(1), expected.get(3)), payloads(store.readAll(
            GlobalPosition.START, 100, EventFilter.types("pg.Noted")).events()));
      }
    }
  }

  @Test
  void anUnknownRevisionFailsNamingTypeRevisionStreamVersionAndPosition() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.builder().eventTypes(TYPES).maxPoolSize(3).build()) {
      db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, revision,"
          + " data, metadata) VALUES (pg_current_xact_id(), 0, 'order-9', 1, gen_random_uuid(),"
          + " 'pg.Placed', 7, '{}', '{}')");
      UndecodableEventException e = assertThrows(UndecodableEventException.class,
          () -> store.readStream(StreamId.of("order-9")));
      assertEquals("pg.Placed", e.envelope().type());
      assertEquals(7, e.envelope().revision());
      for (String part : List.of("order-9@1", "position ", "revision 7", "'pg.Placed'")) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
      }
    }
  }

  @Test
  void aJdbcProjectionNeverCommitsHalfASplitEvent() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore old =
            db.builder().eventTypes(UpcastEvents.before()).maxPoolSize(3).build();
        PostgresEventStore store =
            db.builder().eventTypes(UpcastEvents.after()).maxPoolSize(3).build()) {
      old.append(StreamId.of("order-1"), ExpectedVersion.noStream(), List.of(
          EventData.of(new UpcastEvents.CreatedV1("o1")),
          EventData.of(new UpcastEvents.PaidAndShippedV1("o1"))));
      db.sql("CREATE TABLE %s.handled (payload text NOT NULL)");
      JdbcProjection projection = JdbcProjection.builder("split", store)
          .handler((event, c) -> {
            try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO \"" + db.schema + "\".handled VALUES (?)")) {
              insert.setString(1, event.payload().toString());
              insert.executeUpdate();
            }
          })
          .build();
      PostgresCheckpointStore checkpoints = PostgresCheckpointStore.of(store);
      List<RecordedEvent<?>> events = store.readStream(StreamId.of("order-1"));
      assertEquals(3, events.size());
      GlobalPosition split = events.get(2).position();

      projection.open(checkpoints.load("split"), 1);
      projection.handle(events.get(0));
      projection.handle(events.get(1)); // the first half of the split
      Checkpoint committed = projection.commit(events.get(0).position());
      assertEquals(GlobalPosition.START, committed.position(), "no commit inside a split");
      projection.abandon(); // a crash before the second half
      assertEquals(GlobalPosition.START, checkpoints.load("split").position());
      assertEquals(0, db.count("SELECT count(*) FROM %s.handled"));

      projection.open(checkpoints.load("split"), 1);
      for (RecordedEvent<?> event : events) {
        projection.handle(event);
      }
      assertEquals(split, projection.commit(events.get(0).position()).position());
      projection.abandon();
      assertEquals(3, db.count("SELECT count(*) FROM %s.handled"), "each half exactly once");
      assertEquals(List.of(), store.readAll(checkpoints.load("split").position(), 100),
          "a restart at the checkpoint delivers none of the split again");
    }
  }

  /** Waits (bounded) until the global log shows {@code count} events. */
  private static void awaitReadable(PostgresEventStore store, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.readAll(GlobalPosition.START, 100).size() < count) {
      assertTrue(System.nanoTime() < deadline, "the log never showed " + count + " events");
      Thread.sleep(10);
    }
  }

  private static List<Object> payloads(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> (Object) e.payload()).toList();
  }
}
