package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventDataTest {

  record Placed(String orderId) {}

  @Test
  void ofGivesARandomIdAndEmptyMetadata() {
    EventData<Placed> first = EventData.of(new Placed("1"));
    EventData<Placed> second = EventData.of(new Placed("1"));
    assertNotEquals(first.id(), second.id());
    assertEquals(7, first.id().value().version());
    assertEquals(Metadata.empty(), first.metadata());
    assertEquals(new Placed("1"), first.payload());
  }

  @Test
  void ofWithMetadataKeepsTheMetadata() {
    Metadata metadata = Metadata.empty().withCorrelationId("c");
    assertSame(metadata, EventData.of(new Placed("1"), metadata).metadata());
  }

  @Test
  void withMetadataKeepsTheIdSoRetriesStayIdempotent() {
    EventData<Placed> event = EventData.of(new Placed("1"));
    EventData<Placed> changed = event.withMetadata(Metadata.empty().with("user", "a"));
    assertEquals(event.id(), changed.id());
    assertEquals(event.payload(), changed.payload());
    assertEquals(Metadata.empty().with("user", "a"), changed.metadata());
  }

  @Test
  void withIdReplacesOnlyTheId() {
    EventData<Placed> event = EventData.of(new Placed("1"), Metadata.empty().with("k", "v"));
    EventId id = EventId.random();
    EventData<Placed> changed = event.withId(id);
    assertEquals(id, changed.id());
    assertEquals(event.payload(), changed.payload());
    assertEquals(event.metadata(), changed.metadata());
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    EventId id = EventId.random();
    Placed payload = new Placed("1");
    assertEquals(
        "id",
        assertThrows(NullPointerException.class, () -> new EventData<>(null, payload, Metadata.empty()))
            .getMessage());
    assertEquals(
        "payload",
        assertThrows(NullPointerException.class, () -> new EventData<>(id, null, Metadata.empty()))
            .getMessage());
    assertEquals(
        "metadata",
        assertThrows(NullPointerException.class, () -> new EventData<>(id, payload, null))
            .getMessage());
    assertEquals(
        "payload", assertThrows(NullPointerException.class, () -> EventData.of(null)).getMessage());
  }
}
