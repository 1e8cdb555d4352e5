package dev.eventcore.postgres;

import dev.eventcore.testkit.contract.DcbIncrementalReadContract;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** Incremental and cached boundary reads on PostgreSQL, as the contract says. */
class PostgresDcbIncrementalReadTest extends DcbIncrementalReadContract {
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
