package dev.eventcore.postgres;

import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.testkit.contract.CheckpointStoreContract;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL checkpoint store passes the checkpoint contract; one schema per test. */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;

  @BeforeAll
  static void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.store();
  }

  @AfterAll
  static void drop() throws Exception {
    store.close();
    db.close();
  }

  @Override
  protected CheckpointStore newCheckpointStore() {
    try {
      db.sql("TRUNCATE %s.checkpoints");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return PostgresCheckpointStore.of(store);
  }
}
