package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** V7 adds the raw envelope of undecodable events to dead letters; every dead letter writes it. */
class SchemaV7MigrationTest {

  @Test
  void aV6SchemaWithoutMigrationIsRefusedNamingV7() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("6");
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> db.builder().maxPoolSize(3).migrate(false).build().close());
      assertTrue(e.getMessage().contains("V7__dead_letter_raw_envelope.sql not applied"),
          e.getMessage());
      assertTrue(e.getMessage().contains("schemaSql"), e.getMessage());
    }
  }

  @Test
  void aV6SchemaIsMigratedToV7ByBuild() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      db.migrateTo("6");
      db.builder().maxPoolSize(3).build().close();
      assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns"
          + " WHERE table_schema = '" + db.schema + "' AND table_name = 'dead_letters'"
          + " AND column_name = 'raw_revision'"));
    }
  }
}
