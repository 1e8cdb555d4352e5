package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@code build()} says when the schema cannot be installed, and that it cleans up. */
class BootstrapFailuresTest {

  private static void assertNoFlywayType(Throwable e) {
    assertFalse(e.getClass().getName().startsWith("org.flywaydb"), e.getClass().getName());
    assertNotNull(e.getCause(), "the underlying failure is kept as the cause");
  }

  @Test
  void aForeignEventsTableInTheSchemaFailsTheBuildNamingTheSchemaAndTheTable() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.sql("CREATE SCHEMA %s");
      db.sql("CREATE TABLE %s.events (id int PRIMARY KEY, body text)");
      IllegalStateException e = assertThrows(IllegalStateException.class, db::store);
      assertNoFlywayType(e);
      assertTrue(e.getMessage().contains(
          "schema '" + db.schema() + "' already has a table 'events' and an index"
              + " 'events_pkey' that eventcore did not create"), e.getMessage());
      assertTrue(e.getMessage().contains("schema(...)"), "says what to do: " + e.getMessage());
      assertFalse(e.getMessage().contains("baseline"), "no Flyway advice: " + e.getMessage());
      assertEquals(0, db.count("SELECT count(*) FROM %s.events"), "the foreign table is untouched");
    }
  }

  @Test
  void anyForeignObjectInAnUninstalledSchemaIsNamed() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.sql("CREATE SCHEMA %s");
      db.sql("CREATE VIEW %s.customers AS SELECT 1 AS id");
      IllegalStateException e = assertThrows(IllegalStateException.class, db::store);
      assertNoFlywayType(e);
      assertTrue(e.getMessage().contains("already has a view 'customers' that eventcore did not"
          + " create"), e.getMessage());
    }
  }

  @Test
  void aConflictingObjectMetHalfwayThroughTheScriptsNamesTheScriptAndTheServersMessage()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("1");
      db.sql("CREATE TABLE %s.checkpoints (id int)");
      IllegalStateException e = assertThrows(IllegalStateException.class, db::store);
      assertNoFlywayType(e);
      assertTrue(e.getMessage().contains("schema '" + db.schema() + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("V2__projections.sql"), e.getMessage());
      assertTrue(e.getMessage().contains("SQLSTATE 42P07"), e.getMessage());
      assertTrue(e.getMessage().contains("relation \"checkpoints\" already exists"),
          e.getMessage());
      assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
    }
  }

  @Test
  void aSchemaHistoryOfOtherScriptsFailsTheBuildSayingSo() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.store().close();
      db.sql("UPDATE %s." + Bootstrap.HISTORY_TABLE + " SET checksum = checksum + 1"
          + " WHERE version = '2'");
      IllegalStateException e = assertThrows(IllegalStateException.class, db::store);
      assertNoFlywayType(e);
      assertTrue(e.getMessage().contains("schema '" + db.schema() + "' holds an eventcore schema"
          + " history that does not match"), e.getMessage());
    }
  }

  @Test
  void theOwnedPoolIsClosedWhenTheBuildFails() throws Exception {
    String application = "ec_boot_" + UUID.randomUUID().toString().substring(0, 8)
        .toLowerCase(Locale.ROOT);
    String url = PostgresTestDatabase.jdbcUrl()
        + (PostgresTestDatabase.jdbcUrl().contains("?") ? "&" : "?")
        + "ApplicationName=" + application;
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.sql("CREATE SCHEMA %s");
      db.sql("CREATE TABLE %s.events (id int)");
      assertThrows(IllegalStateException.class, () -> db.builder().jdbcUrl(url).build());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (connections(application) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, connections(application), "no connection of the failed build is left open");
    }
  }

  private static long connections(String application) throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement statement = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      statement.setString(1, application);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
