package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.BoundaryObservationContract;

/** What an observer sees of the in-memory store's boundaries, as the contract says. */
class InMemoryBoundaryObservationTest extends BoundaryObservationContract {
  @Override
  protected EventStore newStore(EventTypes types, Observer observer) {
    return InMemoryEventStore.builder().eventTypes(types).observer(observer).build();
  }
}
