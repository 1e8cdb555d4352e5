package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V12 adds the {@code read_stream} function; every stream read calls it. */
class SchemaV12MigrationTest {

  @Test
  void aV11SchemaWithoutMigrationIsRefusedNamingV12AsTheScriptToApplyFrom() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("11");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> db.builder().maxPoolSize(3).migrate(false).build().close());
      assertTrue(e.getMessage().contains("V12__read_stream.sql not applied"), e.getMessage());
      assertTrue(e.getMessage().contains("apply the scripts from V12 on"), e.getMessage());
    }
  }

  @Test
  void aV11SchemaIsMigratedToV12ByBuildAndReadsItsStreams() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("11");
      db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data,"
          + " metadata) VALUES (pg_current_xact_id(), 0, 'old-1', 1, gen_random_uuid(),"
          + " 'Numbered', '{\"n\": 7}', '{}')");
      try (PostgresEventStore store = db.builder().maxPoolSize(3).build()) {
        assertEquals(1, db.count("SELECT count(*) FROM pg_proc p JOIN pg_namespace n"
            + " ON n.oid = p.pronamespace WHERE n.nspname = '" + db.schema
            + "' AND p.proname = 'read_stream'"));
        StreamId old = StreamId.of("old-1");
        store.append(old, ExpectedVersion.exactly(Version.of(1)),
            List.of(EventData.of(new TestEvent.Numbered(8))));
        assertEquals(List.of(new TestEvent.Numbered(7), new TestEvent.Numbered(8)),
            store.readStream(old).stream().map(e -> e.payload()).toList());
      }
    }
  }
}
