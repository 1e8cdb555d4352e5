package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
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

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  @Test
  void theRuntimeRoleDeletesThroughTheFunctionsButNeverDirectly() throws Exception {
    try (RuntimeRole role = RuntimeRole.create(db);
        HikariDataSource pool = role.pool();
        PostgresEventStore store = role.store(pool)) {
      role.grant("SELECT, INSERT, UPDATE, DELETE ON %s.snapshots");
      role.grant("EXECUTE ON FUNCTION %s.enable_stream_deletion(),"
          + " %s.begin_stream_deletion(text, text),"
          + " %s.end_stream_deletion(text, text, bigint), %s.begin_stream_restart(text),"
          + " %s.truncate_stream(text, bigint)");
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
    try (RuntimeRole role = RuntimeRole.create(db);
        Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SET ROLE " + role.name());
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
