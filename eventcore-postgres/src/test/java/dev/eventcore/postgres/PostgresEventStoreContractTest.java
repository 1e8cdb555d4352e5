package dev.eventcore.postgres;

import dev.eventcore.testkit.contract.EventStoreContractSuite;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The PostgreSQL store passes the whole store contract; every store gets a fresh schema. */
class PostgresEventStoreContractTest extends EventStoreContractSuite {
  private static final PostgresStoreFixture STORES = PostgresStoreFixture.forSuite(false);

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    STORES.dropSchemas();
  }
}
