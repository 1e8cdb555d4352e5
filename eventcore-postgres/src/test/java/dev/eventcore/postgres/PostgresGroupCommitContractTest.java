package dev.eventcore.postgres;

import dev.eventcore.testkit.contract.EventStoreContractSuite;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The PostgreSQL store with group commit on passes the whole store contract too. */
class PostgresGroupCommitContractTest extends EventStoreContractSuite {
  private static final PostgresStoreFixture STORES = PostgresStoreFixture.forSuite(true);

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    STORES.dropSchemas();
  }
}
