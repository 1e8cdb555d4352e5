package dev.eventcore.memory;

import dev.eventcore.testkit.contract.EventStoreContractSuite;
import dev.eventcore.testkit.contract.StoreFixture;

/** The in-memory store passes the whole store contract. */
class InMemoryEventStoreContractTest extends EventStoreContractSuite {
  @Override
  protected StoreFixture fixture() {
    return new InMemoryStoreFixture();
  }
}
