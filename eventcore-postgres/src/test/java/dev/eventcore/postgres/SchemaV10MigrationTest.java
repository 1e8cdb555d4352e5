package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** V10 adds the dead-letter replay request to the lease rows; every lease grant reads it. */
class SchemaV10MigrationTest {

  @Test
  void aV9SchemaWithoutMigrationIsRefusedNamingV10AsTheScriptToApplyFrom() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("9");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> db.builder().maxPoolSize(3).migrate(false).build().close());
      assertTrue(e.getMessage().contains("V10__dead_letter_replay_request.sql not applied"),
          e.getMessage());
      assertTrue(e.getMessage().contains("apply the scripts from V10 on"), e.getMessage());
    }
  }

  @Test
  void aV9SchemaIsMigratedToV10ByBuild() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("9");
      db.builder().maxPoolSize(3).build().close();
      assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns"
          + " WHERE table_schema = '" + db.schema + "' AND table_name = 'projection_leases'"
          + " AND column_name = 'replay_requested_at'"));
    }
  }
}
