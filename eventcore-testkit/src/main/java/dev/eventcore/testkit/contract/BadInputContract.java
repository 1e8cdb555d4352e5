package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.UnknownEventTypeException;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input (the table of {@code docs/payloads.md}): rejected with a specific exception naming
 * the problem, before anything is written, identically on every adapter.
 *
 * @since 0.1.0
 */
public abstract class BadInputContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");
  private static final String TEN = "0123456789";
  private static final String LONG_NAME = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN
      + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN
      + TEN;

  /** An event class whose stored name is empty. */
  @EventType("")
  public record EmptyName(String text) {}

  /** An event class whose stored name has surrounding whitespace. */
  @EventType(" padded")
  public record PaddedName(String text) {}

  /** An event class whose stored name is 260 characters long. */
  @EventType(LONG_NAME)
  public record LongName(String text) {}

  private EventStore seededStore() {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.noStream(), noted("seed", 2));
    return store;
  }

  /**
   * Appends {@code bad} alone, after a valid event of the same stream, and beside a valid stream
   * in a multi-stream append: each must throw {@code type} mentioning {@code field} and write
   * nothing.
   */
  private static <T extends Throwable> void assertRejected(EventStore store, Class<T> type,
      String field, EventData<?> bad) {
    List<RecordedEvent<?>> before = readWholeLog(store);
    List<Executable> attempts = List.of(
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(bad)),
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(noted("good"), bad)),
        () -> store.append(List.of(
            StreamAppend.of(StreamId.of("good-1"), ExpectedVersion.any(), noted("good", 2)),
            StreamAppend.of(STREAM, ExpectedVersion.exactly(Version.of(2)), List.of(bad)))));
    for (Executable attempt : attempts) {
      T e = assertThrows(type, attempt);
      assertTrue(e.getMessage() != null && e.getMessage().contains(field),
          () -> "the message should name '" + field + "': " + e.getMessage());
      assertEquals(before, readWholeLog(store), "a rejected append writes nothing");
    }
    assertEquals(Version.NONE, store.currentVersion(StreamId.of("good-1")));
  }

  @Test
  void invalidStreamIdsAreRejectedWithTheirProblem() {
    for (String bad : new String[] {"", " ", "  order-1", "order-1 ", "\torder", "or\u0000der",
        "order\n1", "order\u007f", "x".repeat(256), "lone\uD800"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StreamId.of(bad), () -> "stream id '" + bad + "'");
      assertTrue(e.getMessage().contains("stream id"), e.getMessage());
    }
    assertThrows(NullPointerException.class, () -> StreamId.of(null));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("bad-category", "1"));
  }

  @Test
  void streamIdsWithInvisibleOrDirectionChangingCharactersAreRefusedNamingTheCharacter() {
    EventStore store = seededStore();
    List<RecordedEvent<?>> before = readWholeLog(store);
    String[][] cases = {{"order-\u200B1", "U+200B ZERO WIDTH SPACE at index 6"},
        {"order-\u200D1", "U+200D ZERO WIDTH JOINER at index 6"},
        {"order-1\u2060", "U+2060 WORD JOINER at index 7"},
        {"\uFEFForder-1", "U+FEFF ZERO WIDTH NO-BREAK SPACE at index 0"},
        {"order-\u202E1", "U+202E RIGHT-TO-LEFT OVERRIDE at index 6"},
        {"order-\u20671", "U+2067 RIGHT-TO-LEFT ISOLATE at index 6"},
        {"order-\u061C1", "U+061C ARABIC LETTER MARK at index 6"},
        {"or\u00ADder-1", "U+00AD SOFT HYPHEN at index 2"}};
    for (String[] bad : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StreamId.of(bad[0]), () -> "stream id " + bad[1]);
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    IllegalArgumentException category = assertThrows(IllegalArgumentException.class,
        () -> StreamId.of("or\u200Bder", "1"));
    assertTrue(category.getMessage().contains("stream category"), category.getMessage());
    assertEquals(before, readWholeLog(store));
    StreamId rightToLeft = StreamId.of("\u0637\u0644\u0628-\u05D0");
    store.append(rightToLeft, ExpectedVersion.noStream(), noted("any script", 1));
    assertEquals(rightToLeft, store.readStream(rightToLeft).get(0).streamId());
  }

  @Test
  void aStreamIdOfTheMaximumLengthInThreeByteCharactersIsStoredAndReadBack() {
    EventStore store = openStore();
    StreamId longest = StreamId.of("語".repeat(StreamId.MAX_LENGTH));
    StreamId emoji = StreamId.of("\uD83D\uDE80".repeat(StreamId.MAX_LENGTH / 2));
    store.append(longest, ExpectedVersion.noStream(), noted("a", 2));
    store.append(emoji, ExpectedVersion.noStream(), noted("b", 1));
    assertEquals(Version.of(2), store.currentVersion(longest));
    assertEquals(longest, store.readStream(longest).get(1).streamId());
    assertEquals(emoji, store.readAll(GlobalPosition.START, 10).get(2).streamId());
  }

  @Test
  void nulAndLoneSurrogatesAnywhereInAPayloadAreRejected() {
    EventStore store = seededStore();
    assertRejected(store, IllegalArgumentException.class, "text",
        EventData.of(new ContractEvent.Noted("a\u0000b")));
    assertRejected(store, IllegalArgumentException.class, "text",
        EventData.of(new ContractEvent.Noted("lone high \uD800 surrogate")));
    assertRejected(store, IllegalArgumentException.class, "text",
        EventData.of(new ContractEvent.Noted("\uDC00 lone low surrogate")));
    assertRejected(store, IllegalArgumentException.class, "tags",
        EventData.of(new ContractEvent.Deposited("a", 1, 0.5, List.of("ok", "b\u0000"))));
    assertRejected(store, IllegalArgumentException.class, "labels",
        EventData.of(new ContractEvent.Measured(1, 1.0, true, new ContractEvent.Point(0, 0),
            Map.of("unit", "k\u0000g"))));
    assertRejected(store, IllegalArgumentException.class, "label",
        EventData.of(new ContractEvent.Tree("root", List.of(
            new ContractEvent.Tree("chi\uDBFFld", List.of())))));
  }

  @Test
  void nulAndLoneSurrogatesInMetadataAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("k", "v\u0000"));
    assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("k\u0000", "v"));
    assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("k", "\uD800"));
    assertThrows(IllegalArgumentException.class, () -> Metadata.empty().with("", "v"));
  }

  @Test
  void nanAndInfinitiesAreRejected() {
    EventStore store = seededStore();
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertRejected(store, IllegalArgumentException.class, "rate",
          EventData.of(new ContractEvent.Deposited("a", 1, bad, List.of())));
      assertRejected(store, IllegalArgumentException.class, "x",
          EventData.of(new ContractEvent.Measured(1, 0.0, true, new ContractEvent.Point(bad, 0),
              Map.of())));
    }
  }

  @Test
  void aPayloadNestedDeeperThanReadersAcceptOrCyclicIsRejected() {
    EventStore store = seededStore();
    // each Tree is two levels of JSON (an object and its children array): readers accept 500
    ContractEvent.Tree deep = new ContractEvent.Tree("leaf", List.of());
    for (int i = 1; i < 250; i++) {
      deep = new ContractEvent.Tree("level" + i, List.of(deep));
    }
    store.append(StreamId.of("deep-1"), ExpectedVersion.noStream(), List.of(EventData.of(deep)));
    assertEquals(deep, store.readStream(StreamId.of("deep-1")).get(0).payload());
    deep = new ContractEvent.Tree("too deep", List.of(deep));
    assertRejected(store, IllegalArgumentException.class, "children", EventData.of(deep));
    List<ContractEvent.Tree> children = new ArrayList<>();
    ContractEvent.Tree cycle = new ContractEvent.Tree("cycle", children);
    children.add(cycle);
    assertRejected(store, IllegalArgumentException.class, "children", EventData.of(cycle));
  }

  @Test
  void anEventClassWithNoRegisteredTypeIsRejected() {
    EventStore store = seededStore();
    assertRejected(store, UnknownEventTypeException.class, "Unregistered",
        EventData.of(new ContractEvent.Unregistered("x")));
    UnknownEventTypeException e = assertThrows(UnknownEventTypeException.class, () -> store.append(
        STREAM, ExpectedVersion.any(), List.of(EventData.of(new ContractEvent.Unregistered("x")))));
    assertEquals(ContractEvent.Unregistered.class.getName(), e.type());
  }

  @Test
  void emptyPaddedOrOverlongTypeNamesAreRejectedWhenRegistering() {
    for (Class<?> bad : List.of(EmptyName.class, PaddedName.class, LongName.class)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> EventTypes.of(bad), bad::getName);
      assertTrue(e.getMessage().contains(bad.getName()), e.getMessage());
    }
  }

  @Test
  void duplicateEventIdsWithinOneAppendAreRejected() {
    EventStore store = seededStore();
    EventData<ContractEvent> event = noted("twice");
    List<RecordedEvent<?>> before = readWholeLog(store);
    List<Executable> attempts = List.of(
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(event, event)),
        () -> store.append(STREAM, ExpectedVersion.any(), List.of(noted("good"), event, event)),
        () -> store.append(List.of(
            StreamAppend.of(StreamId.of("good-1"), ExpectedVersion.any(), List.of(event)),
            StreamAppend.of(STREAM, ExpectedVersion.any(), List.of(event)))));
    for (Executable attempt : attempts) {
      DuplicateEventIdException e = assertThrows(DuplicateEventIdException.class, attempt);
      assertEquals(event.id(), e.eventId());
      assertTrue(e.getMessage().contains(event.id().toString()), e.getMessage());
      assertEquals(before, readWholeLog(store), "a rejected append writes nothing");
    }
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    EventStore store = seededStore();
    List<EventData<ContractEvent>> events = noted("x", 1);
    assertNpe("stream", () -> store.append(null, ExpectedVersion.any(), events));
    assertNpe("expected", () -> store.append(STREAM, null, events));
    assertNpe("events", () -> store.append(STREAM, ExpectedVersion.any(), null));
    assertNpe("appends", () -> store.append(null));
    assertNpe("stream", () -> store.readStream(null));
    assertNpe("stream", () -> store.readStream(null, Version.NONE, 1));
    assertNpe("from", () -> store.readStream(STREAM, null, 1));
    assertNpe("stream", () -> store.currentVersion(null));
    assertNpe("after", () -> store.readAll(null, 1));
    assertNpe("after", () -> store.subscribe(null, event -> { }));
    assertNpe("handler", () -> store.subscribe(GlobalPosition.START, null));
    assertEquals(2, readWholeLog(store).size());
  }

  private static void assertNpe(String argument, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertTrue(e.getMessage() != null && e.getMessage().contains(argument),
        () -> "the message should name '" + argument + "': " + e.getMessage());
  }
}
