package dev.eventcore.testkit;

import dev.eventcore.EventStore;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;

/**
 * Where the fixtures get their stores: every in-memory store of the kit is made here, strict like
 * a serializing store (each payload goes through the default JSON codec and back), so a payload
 * that would fail on PostgreSQL fails in the fixture's test too.
 */
final class TestStores {
  private TestStores() {}

  /** A new, empty in-memory store accepting {@code types}, round-tripping payloads as JSON. */
  static EventStore inMemory(EventTypes types) {
    return InMemoryEventStore.builder().eventTypes(types).codec(JacksonCodec.json()).build();
  }
}
