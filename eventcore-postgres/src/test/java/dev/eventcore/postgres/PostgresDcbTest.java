package dev.eventcore.postgres;

import dev.eventcore.testkit.contract.DcbContract;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** Boundaries on PostgreSQL, as the contract says; every store in a fresh schema. */
class PostgresDcbTest extends DcbContract {
  private static final PostgresStoreFixture STORES = PostgresStoreFixture.small();

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    STORES.dropSchemas();
  }
}
