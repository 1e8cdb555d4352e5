package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.BoundaryObservationContract;
import org.junit.jupiter.api.AfterAll;

/** What an observer sees of the PostgreSQL store's boundaries, each store in a fresh schema. */
class PostgresBoundaryObservationTest extends BoundaryObservationContract {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.newSchema();

  @Override
  protected EventStore newStore(EventTypes types, Observer observer) {
    return DB.emptied(types).observer(observer).build();
  }

  @AfterAll
  static void dropSchema() throws Exception {
    DB.close();
  }
}
