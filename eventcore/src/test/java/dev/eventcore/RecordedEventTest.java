package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordedEventTest {

  record Placed(String orderId) {}

  private static RecordedEvent<Object> event(Version version) {
    return new RecordedEvent<>(
        GlobalPosition.of(17),
        StreamId.of("order-42"),
        version,
        EventId.random(),
        "Placed",
        new Placed("42"),
        Metadata.empty(),
        Instant.parse("2024-06-01T12:00:00Z"));
  }

  @Test
  void keepsWhereAndWhatTheEventIs() {
    RecordedEvent<Object> event = event(Version.of(3));
    assertEquals(GlobalPosition.of(17), event.position());
    assertEquals(StreamId.of("order-42"), event.streamId());
    assertEquals(Version.of(3), event.version());
    assertEquals("Placed", event.type());
    assertEquals(Instant.parse("2024-06-01T12:00:00Z"), event.recordedAt());
  }

  @Test
  void rejectsVersionNoneBecauseTheFirstEventHasVersionOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> event(Version.NONE));
    assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
    assertEquals(Version.of(1), event(Version.of(1)).version());
  }

  @Test
  void payloadAsCastsToTheGivenTypeOrFails() {
    RecordedEvent<Object> event = event(Version.of(1));
    assertEquals("42", event.payloadAs(Placed.class).orderId());
    assertThrows(ClassCastException.class, () -> event.payloadAs(String.class));
  }

  @Test
  void describeNamesStreamVersionPositionAndType() {
    assertEquals("order-42@3 (position 17, type Placed)", event(Version.of(3)).describe());
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    GlobalPosition p = GlobalPosition.of(1);
    StreamId s = StreamId.of("s");
    Version v = Version.of(1);
    EventId id = EventId.random();
    Metadata m = Metadata.empty();
    Instant t = Instant.now();
    Object payload = new Placed("1");
    assertNpe("position", () -> new RecordedEvent<>(null, s, v, id, "T", payload, m, t));
    assertNpe("streamId", () -> new RecordedEvent<>(p, null, v, id, "T", payload, m, t));
    assertNpe("version", () -> new RecordedEvent<>(p, s, null, id, "T", payload, m, t));
    assertNpe("id", () -> new RecordedEvent<>(p, s, v, null, "T", payload, m, t));
    assertNpe("type", () -> new RecordedEvent<>(p, s, v, id, null, payload, m, t));
    assertNpe("payload", () -> new RecordedEvent<>(p, s, v, id, "T", null, m, t));
    assertNpe("metadata", () -> new RecordedEvent<>(p, s, v, id, "T", payload, null, t));
    assertNpe("recordedAt", () -> new RecordedEvent<>(p, s, v, id, "T", payload, m, null));
  }

  private static void assertNpe(String name, org.junit.jupiter.api.function.Executable call) {
    assertEquals(name, assertThrows(NullPointerException.class, call).getMessage());
  }

  @Test
  void anEventWithoutAPartMarkCompletesItsStoredEvent() {
    assertTrue(event(Version.of(1)).completesStoredEvent());
  }

  @Test
  void onlyTheLastPartOfASplitCompletesItsStoredEvent() {
    assertFalse(part("1/3").completesStoredEvent());
    assertFalse(part("2/3").completesStoredEvent());
    assertTrue(part("3/3").completesStoredEvent());
    assertTrue(part("1/1").completesStoredEvent());
  }

  @Test
  void aPartMarkWithoutASlashCountsAsComplete() {
    assertTrue(part("7").completesStoredEvent());
  }

  private static RecordedEvent<Object> part(String rank) {
    RecordedEvent<Object> plain = event(Version.of(2));
    return new RecordedEvent<>(plain.position(), plain.streamId(), plain.version(), plain.id(),
        plain.type(), plain.payload(), Metadata.empty().with(RecordedEvent.PART_KEY, rank),
        plain.recordedAt());
  }
}
