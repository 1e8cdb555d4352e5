package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stream deletion under least privilege: a runtime role with exactly the grants the module's
 * README lists (no UPDATE or DELETE on {@code events}) deletes, restarts and truncates streams
 * through V15's functions, cannot remove events itself, and cannot misuse the functions to remove
 * a stream's events without its tombstone.
 */
class StreamDeletionPrivilegesTest {
  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private final String role = "ec_runtime_" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void drop() throws SQLException {
    db.close();
    db.sql("DROP ROLE IF EXISTS " + role);
  }

  private void createRuntimeRole() throws SQLException {
    db.store().close(); // migrates the schema as its owner
    db.sql("CREATE ROLE " + role + " NOLOGIN");
    db.sql("GRANT USAGE ON SCHEMA %s TO " + role);
    db.sql("GRANT SELECT, INSERT ON %s.events TO " + role);
    db.sql("GRANT SELECT ON %s.event_log TO " + role);
    db.sql("GRANT SELECT ON %s.stream_lives TO " + role);
    db.sql("GRANT SELECT ON %s." + Bootstrap.HISTORY_TABLE + " TO " + role);
    db.sql("GRANT SELECT, INSERT, UPDATE, DELETE ON %s.snapshots TO " + role);
    db.sql("GRANT EXECUTE ON FUNCTION %s.enable_stream_deletion(),"
        + " %s.begin_stream_deletion(text, text),"
        + " %s.end_stream_deletion(text, text, bigint), %s.begin_stream_restart(text),"
        + " %s.truncate_stream(text, bigint) TO " + role);
  }

  private HikariDataSource runtimePool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setConnectionInitSql("SET ROLE " + role);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @Test
  void theRuntimeRoleDeletesThroughTheFunctionsButNeverDirectly() throws Exception {
    createRuntimeRole();
    try (HikariDataSource pool = runtimePool();
        PostgresEventStore store = PostgresEventStore.builder().dataSource(pool)
            .schema(db.schema()).migrate(false)
            .eventTypes(EventTypes.of(TestEvent.class)).build()) {
      StreamId kept = StreamId.of("kept-1");
      StreamId gone = StreamId.of("gone-1");
      StreamId soft = StreamId.of("soft-1");
      for (StreamId stream : List.of(kept, gone, soft)) {
        for (int i = 0; i < 5; i++) {
          store.append(stream, ExpectedVersion.any(),
              List.of(EventData.of(new TestEvent.Numbered(i))));
        }
      }
      assertEquals(3, store.truncateStream(kept, Version.of(4)));
      store.hardDeleteStream(gone, ExpectedVersion.exactly(Version.of(5)));
      store.deleteStream(soft, ExpectedVersion.any());
      store.restartStream(soft, List.of(EventData.of(new TestEvent.Numbered(9))));
      assertEquals(2, store.readStream(kept).size());
      assertEquals(List.of(), store.readStream(gone));
      assertEquals(1, store.readStream(soft).size());
      assertThrows(StreamDeletedException.class, () -> store.append(gone, ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(1)))));
      assertEquals(2 + 1 + 5 + 1 + 1, store.readAll(GlobalPosition.START, 100).size());

      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        SQLException denied = assertThrows(SQLException.class, () -> s.execute(
            "DELETE FROM \"" + db.schema() + "\".events WHERE stream_id = 'kept-1'"));
        assertEquals("42501", denied.getSQLState(), denied.getMessage());
        assertThrows(SQLException.class, () -> s.execute("UPDATE \"" + db.schema()
            + "\".stream_lives SET deletion = NULL"));
        SQLException misuse = assertThrows(SQLException.class, () -> s.execute("SELECT \""
            + db.schema() + "\".end_stream_deletion('kept-1', 'HARD', 5)"));
        assertEquals("22023", misuse.getSQLState(), "no tombstone of this transaction");
        assertThrows(SQLException.class, () -> s.execute("SELECT \"" + db.schema()
            + "\".begin_stream_deletion('kept-1', 'GONE')"));
      }
      assertEquals(2, store.readStream(kept).size(), "nothing removed by the attempts");
      assertEquals(Deletion.HARD, store.streamStatus(gone).deletion().orElseThrow());
    }
  }

  @Test
  void aRoleWithoutTheExecuteGrantCannotDeleteOrTruncate() throws Exception {
    db.store().close();
    db.sql("CREATE ROLE " + role + " NOLOGIN");
    db.sql("GRANT USAGE ON SCHEMA %s TO " + role);
    db.sql("GRANT SELECT, INSERT ON %s.events TO " + role);
    db.sql("GRANT SELECT ON %s.stream_lives TO " + role);
    try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SET ROLE " + role);
      SQLException denied = assertThrows(SQLException.class, () -> s.execute("SELECT \""
          + db.schema() + "\".truncate_stream('any-1', 2)"));
      assertEquals("42501", denied.getSQLState(), denied.getMessage());
      assertThrows(SQLException.class, () -> s.execute("SELECT \"" + db.schema()
          + "\".begin_stream_deletion('any-1', 'HARD')"));
      s.execute("RESET ROLE");
    }
  }

  @Test
  void aStoreOnASchemaWithoutV15RefusesToStartNamingTheScript() throws Exception {
    PostgresTestDatabase old = PostgresTestDatabase.newSchema();
    try {
      old.migrateTo("14");
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> old.builder().migrate(false).build().close());
      assertEquals(true, refused.getMessage().toLowerCase(Locale.ROOT).contains("v15"),
          refused.getMessage());
    } finally {
      old.close();
    }
  }
}
