package dev.eventcore.memory;

import dev.eventcore.testkit.contract.DcbRacerContract;
import dev.eventcore.testkit.contract.StoreFixture;

/** The boundary racer harness in memory: 16 racers, 1,000 rounds. */
class InMemoryDcbRacerTest extends DcbRacerContract {
  @Override
  protected StoreFixture fixture() {
    return new InMemoryStoreFixture();
  }

  @Override
  protected int rounds() {
    return 1_000;
  }
}
