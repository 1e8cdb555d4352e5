package dev.eventcore.postgres;

import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.testkit.contract.DeadLetterStoreContract;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL dead-letter store passes the dead-letter contract. */
class PostgresDeadLetterStoreTest extends DeadLetterStoreContract {
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
  protected DeadLetterStore newDeadLetterStore() {
    try {
      db.sql("TRUNCATE %s.dead_letters");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return PostgresDeadLetterStore.of(store);
  }
}
