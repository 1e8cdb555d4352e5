package dev.eventcore.postgres;

import dev.eventcore.testkit.contract.DcbRacerContract;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/**
 * The boundary racer harness on PostgreSQL: 16 racers on their own connections, 250 rounds, commits
 * staggered while the check's locks are held.
 */
class PostgresDcbRacerTest extends DcbRacerContract {
  private static final PostgresStoreFixture STORES = PostgresStoreFixture.racers();

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  @Override
  protected int rounds() {
    return 250;
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    STORES.dropSchemas();
  }
}
