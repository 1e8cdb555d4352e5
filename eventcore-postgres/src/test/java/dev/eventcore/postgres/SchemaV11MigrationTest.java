package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.jackson.JacksonCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * V11 records the codec that wrote each event and keeps binary payloads; rows written before it
 * are JSON and need no rewrite.
 */
class SchemaV11MigrationTest {

  @Test
  void aV10SchemaWithoutMigrationIsRefusedNamingV11AsTheScriptToApplyFrom() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("10");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> db.builder().maxPoolSize(3).migrate(false).build().close());
      assertTrue(e.getMessage().contains("V11__event_codec.sql not applied"), e.getMessage());
      assertTrue(e.getMessage().contains("apply the scripts from V11 on"), e.getMessage());
    }
  }

  @Test
  void eventsWrittenBeforeV11ReadAsJsonAndACborStoreAppendsAfterThem() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("10");
      // a V10 row, as the previous library wrote it (V6's append_batch, jsonb data)
      db.sql("SELECT * FROM %s.append_batch('{1}', '{order-1}', '{0}', '{1}',"
          + " ARRAY[gen_random_uuid()], '{Numbered}', '{1}', ARRAY['{\"n\":7}'], '{\"{}\"}')");
      try (PostgresEventStore store =
          db.builder().maxPoolSize(3).codec(JacksonCodec.cbor()).build()) {
        StreamId stream = StreamId.of("order-1");
        store.append(stream, ExpectedVersion.exactly(dev.eventcore.Version.of(1)),
            List.of(EventData.of(new TestEvent.Numbered(8))));
        List<RecordedEvent<?>> events = store.readAll(GlobalPosition.START, 10);
        assertEquals(List.of(new TestEvent.Numbered(7), new TestEvent.Numbered(8)),
            List.of(events.get(0).payload(), events.get(1).payload()));
      }
      assertEquals(1, db.count("SELECT count(*) FROM %s.events WHERE codec = ''"
          + " AND data IS NOT NULL"));
      assertEquals(1, db.count("SELECT count(*) FROM %s.events WHERE codec = 'cbor'"
          + " AND data IS NULL"));
    }
  }

  @Test
  void aRowWithNeitherOrBothPayloadsIsRefusedByTheTable() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.builder().maxPoolSize(3).build().close();
      String insert = "INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type,"
          + " data, metadata, codec, binary_data) VALUES (pg_current_xact_id(), 0, 'x-1', 1,"
          + " gen_random_uuid(), 'T', ";
      assertThrows(java.sql.SQLException.class,
          () -> db.sql(insert + "NULL, '{}', '', '\\x')"), "a JSON row without data");
      assertThrows(java.sql.SQLException.class,
          () -> db.sql(insert + "'{}', '{}', 'cbor', '\\x01')"), "both payloads");
    }
  }
}
