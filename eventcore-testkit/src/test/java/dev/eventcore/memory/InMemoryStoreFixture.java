package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.StoreFixture;

/** In-memory stores for the contract tests: a reopened store shares the events of the first. */
final class InMemoryStoreFixture implements StoreFixture {

  @Override
  public EventStore newStore(EventTypes types) {
    return new InMemoryEventStore(types);
  }

  @Override
  public EventStore reopen(EventStore store, EventTypes types) {
    return ((InMemoryEventStore) store).withEventTypes(types);
  }
}
