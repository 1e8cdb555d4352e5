package dev.eventcore.examples.boundary;

import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;

/** The boundary examples' races in memory. */
class InMemoryBoundaryRaceTest extends AbstractBoundaryRaceTest {
  InMemoryBoundaryRaceTest() {
    super(() -> new InMemoryEventStore(EventTypes.of(BoundaryEvent.class)));
  }
}
