package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.EventStoreContractSuite;

/** The in-memory store passes the whole store contract. */
class InMemoryEventStoreContractTest extends EventStoreContractSuite {
  @Override
  protected EventStore newStore(EventTypes types) {
    return new InMemoryEventStore(types);
  }

  @Override
  protected EventStore reopen(EventStore store, EventTypes types) {
    return ((InMemoryEventStore) store).withEventTypes(types);
  }
}
