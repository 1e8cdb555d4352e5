package dev.eventcore.memory;

import dev.eventcore.testkit.contract.DcbIncrementalReadContract;
import dev.eventcore.testkit.contract.StoreFixture;

/** Incremental and cached boundary reads in memory, as the contract says. */
class InMemoryDcbIncrementalReadTest extends DcbIncrementalReadContract {
  @Override
  protected StoreFixture fixture() {
    return new InMemoryStoreFixture();
  }
}
