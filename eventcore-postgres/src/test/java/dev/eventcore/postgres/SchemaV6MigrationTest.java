package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V6 drops the streams table: a store written by V5 migrates with every stream's version intact
 * (now read from its events), and the direct path and append_batch both carry on from there.
 */
class SchemaV6MigrationTest {

  @Test
  void aV5SchemaWithoutMigrationIsRefusedNamingV6() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("5");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> db.builder().maxPoolSize(3).migrate(false).build().close());
      assertTrue(e.getMessage().contains("V6__stream_version_from_events.sql not applied"),
          e.getMessage());
      assertTrue(e.getMessage().contains("schemaSql"), e.getMessage());
    }
  }

  @Test
  void streamsWrittenUnderV5KeepTheirVersionsAfterV6() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("5");
      try (Connection c = PostgresTestDatabase.connect()) {
        for (int n = 1; n <= 3; n++) {
          RawSql.append(c, db.schema, "order-1", UUID.randomUUID(), n);
        }
        RawSql.append(c, db.schema, "order-2", UUID.randomUUID(), 1);
      }
      assertEquals(2, db.count("SELECT count(*) FROM %s.streams"), "V5 kept the streams table");

      try (PostgresEventStore store = db.builder().maxPoolSize(3).build()) {
        // (a quoted %s inside a string literal would match no schema and pass vacuously)
        assertEquals(1, db.count("SELECT count(*) FROM information_schema.tables"
            + " WHERE table_schema = '" + db.schema + "' AND table_name = 'events'"));
        assertEquals(0, db.count("SELECT count(*) FROM information_schema.tables"
            + " WHERE table_schema = '" + db.schema + "' AND table_name = 'streams'"),
            "V6 dropped streams");
        StreamId one = StreamId.of("order-1");
        StreamId two = StreamId.of("order-2");
        assertEquals(Version.of(3), store.currentVersion(one));
        assertEquals(Version.of(1), store.currentVersion(two));
        assertEquals(Version.NONE, store.currentVersion(StreamId.of("order-3")));

        WrongExpectedVersionException miss = assertThrows(WrongExpectedVersionException.class,
            () -> store.append(one, ExpectedVersion.exactly(Version.of(2)),
                List.of(EventData.of(new TestEvent.Numbered(9)))));
        assertEquals(Version.of(3), miss.actual());
        AppendResult direct = store.append(one, ExpectedVersion.exactly(Version.of(3)),
            List.of(EventData.of(new TestEvent.Numbered(4)), EventData.of(new TestEvent.Numbered(5))));
        assertEquals(Version.of(5), direct.nextExpectedVersion());
        assertEquals(5, store.readStream(one).size());
      }
    }
  }
}
