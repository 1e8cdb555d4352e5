package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventDecodingException;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Bad stored rows fail loudly, typed, never skipped; the restore guard. */
class StoredRowsTest {

  private static void insertRaw(PostgresTestDatabase db, String stream, long version, String type,
      String data) throws Exception {
    db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data, metadata)"
        + " VALUES (pg_current_xact_id(), 0, '" + stream + "', " + version + ", gen_random_uuid(), '"
        + type + "', '" + data + "'::jsonb, '{}'::jsonb)");
  }

  @Test
  void unknownTypesAndUndecodableDataFailWithTypeStreamVersionAndPosition() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.store()) {
      StreamId good = StreamId.of("good");
      store.append(good, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(1))));
      insertRaw(db, "ghost", 1, "RenamedLongAgo", "{\"n\":1}");
      UndecodableEventException unknown =
          assertThrows(UndecodableEventException.class, () -> store.readStream(StreamId.of("ghost")));
      assertEquals("RenamedLongAgo", unknown.envelope().type());
      assertTrue(unknown.getMessage().contains("ghost@1"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("position "), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("RenamedLongAgo"), unknown.getMessage());
      List<RecordedEvent<?>> prefix = store.readAll(GlobalPosition.START, 100);
      assertEquals(1, prefix.size(), "readAll returns the good events before the bad one");
      assertThrows(UndecodableEventException.class,
          () -> store.readAll(prefix.get(0).position(), 100), "and then fails at it");

      List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
      Subscription subscription = store.subscribe(GlobalPosition.START, handled::add);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (subscription.isRunning() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(subscription.isRunning(), "the subscription must stop at the bad event");
      SubscriptionFailedException failure = subscription.failure().orElseThrow();
      assertTrue(failure.getCause() instanceof UndecodableEventException, failure.toString());
      assertEquals(1, handled.size(), "only the good event before it was handled");
      subscription.close();

      insertRaw(db, "bent", 1, "Numbered", "{\"n\":\"not a number\"}");
      EventDecodingException bent =
          assertThrows(EventDecodingException.class, () -> store.readStream(StreamId.of("bent")));
      assertTrue(bent.getMessage().contains("bent@1"), bent.getMessage());
      assertTrue(bent.getMessage().contains("Numbered"), bent.getMessage());
      assertTrue(bent.getMessage().contains("position "), bent.getMessage());
    }
  }

  @Test
  void aStoredStreamIdWithAnInvisibleCharacterStaysReadableInTheLogAndBySubscriptions()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.store()) {
      String legacy = "order-4\u200B2"; // written before such ids were refused
      insertRaw(db, legacy, 1, "Numbered", "{\"n\":1}");
      store.append(StreamId.of("order-42"), ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(2))));
      List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 10);
      assertEquals(2, log.size(), log.toString());
      assertEquals(legacy, log.get(0).streamId().value());
      assertEquals("order", log.get(0).streamId().category());
      assertThrows(IllegalArgumentException.class, () -> StreamId.of(legacy),
          "new ids with the character are still refused");

      List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
      try (Subscription subscription = store.subscribe(GlobalPosition.START, handled::add)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (handled.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertTrue(subscription.isRunning(), "the subscription did not halt at the legacy id");
      }
      assertEquals(2, handled.size());
    }
  }

  @Test
  void storedTransactionIdsAheadOfTheServerRefuseToStart() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.store().close();
      db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data, metadata)"
          + " VALUES ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000)::text::xid8,"
          + " 0, 'restored', 1, gen_random_uuid(), 'Numbered', '{\"n\":1}', '{}')");
      IllegalStateException refused = assertThrows(IllegalStateException.class, db::store);
      assertTrue(refused.getMessage().contains("refusing to start"), refused.getMessage());
      assertTrue(refused.getMessage().contains("restored"), refused.getMessage());
    }
  }

  @Test
  void aSubscriptionWhoseCheckpointIsAheadOfTheStoreHaltsLoudly() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.store()) {
      store.append(StreamId.of("s"), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(1))));
      GlobalPosition ahead = GlobalPosition.of(1L << 60);
      assertEquals(List.of(), store.readAll(ahead, 10), "reading beyond the end is merely empty");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> store.subscribe(ahead, event -> { }));
      assertTrue(e.getMessage().contains("beyond the end of this store"), e.getMessage());
      assertTrue(e.getMessage().contains("transaction " + Positions.tx(ahead)), e.getMessage());
      store.subscribe(store.readAll(GlobalPosition.START, 10).get(0).position(), event -> { })
          .close();
    }
  }
}
