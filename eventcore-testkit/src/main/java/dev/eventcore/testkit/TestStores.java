package dev.eventcore.testkit;

import dev.eventcore.EventStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;

/** Where the fixtures get their stores: every in-memory store of the kit is made here. */
final class TestStores {
  private TestStores() {}

  /** A new, empty in-memory store accepting {@code types}. */
  static EventStore inMemory(EventTypes types) {
    return new InMemoryEventStore(types);
  }
}
