package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.contract.StoreFixture;

/**
 * In-memory stores behind a {@link ForwardingEventStore}, which overrides only the port's abstract
 * methods: a contract run on them checks the port's defaults.
 */
final class ForwardingFixture implements StoreFixture {
  @Override
  public EventStore newStore(EventTypes types) {
    return new ForwardingEventStore(new InMemoryEventStore(types));
  }

  @Override
  public EventStore reopen(EventStore store, EventTypes types) {
    throw new UnsupportedOperationException("not needed by the contracts of the defaults");
  }
}
