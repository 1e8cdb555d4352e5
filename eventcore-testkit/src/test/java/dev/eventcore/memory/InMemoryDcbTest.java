package dev.eventcore.memory;

import dev.eventcore.testkit.contract.DcbContract;
import dev.eventcore.testkit.contract.StoreFixture;

/** Boundaries in memory, as the contract says. */
class InMemoryDcbTest extends DcbContract {
  @Override
  protected StoreFixture fixture() {
    return new InMemoryStoreFixture();
  }
}
