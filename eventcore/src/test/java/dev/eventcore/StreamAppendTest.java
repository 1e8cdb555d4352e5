package dev.eventcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAppendTest {

  private static final StreamId STREAM = StreamId.of("order-1");

  @Test
  void copiesTheEventListSoLaterChangesToItDoNotShow() {
    List<EventData<String>> events = new ArrayList<>();
    events.add(EventData.of("first"));
    StreamAppend append = StreamAppend.of(STREAM, ExpectedVersion.any(), events);
    events.add(EventData.of("second"));
    assertEquals(1, append.events().size());
    assertEquals("first", append.events().get(0).payload());
  }

  @Test
  void itsEventListCannotBeModified() {
    StreamAppend append = StreamAppend.of(STREAM, ExpectedVersion.any(), List.of(EventData.of("x")));
    assertThrows(UnsupportedOperationException.class, () -> append.events().clear());
  }

  @Test
  void rejectsNullEventsNamingTheirIndex() {
    List<EventData<String>> events = Arrays.asList(EventData.of("a"), null);
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> StreamAppend.of(STREAM, ExpectedVersion.any(), events));
    assertEquals("events[1]", e.getMessage());
  }

  @Test
  void rejectsNullArgumentsNamingThem() {
    List<EventData<String>> events = List.of(EventData.of("a"));
    assertEquals(
        "stream",
        assertThrows(NullPointerException.class, () -> StreamAppend.of(null, ExpectedVersion.any(), events))
            .getMessage());
    assertEquals(
        "expected",
        assertThrows(NullPointerException.class, () -> StreamAppend.of(STREAM, null, events))
            .getMessage());
    assertEquals(
        "events",
        assertThrows(NullPointerException.class, () -> StreamAppend.of(STREAM, ExpectedVersion.any(), null))
            .getMessage());
  }

  @Test
  void aCheckWritesNoEventsAndKeepsTheExpectation() {
    StreamAppend check = StreamAppend.check(STREAM, ExpectedVersion.exactly(Version.of(4)));
    assertTrue(check.events().isEmpty());
    assertEquals(ExpectedVersion.exactly(Version.of(4)), check.expected());
    assertEquals(STREAM, check.stream());
  }
}
