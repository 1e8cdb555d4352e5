package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's reads of the log and of streams: by time, by correlation id, counted,
 * filtered, backwards and listed, with and without events that a truncation removed.
 */
class MemoryReadsTest {
  private static final StreamId A = StreamId.of("order-1");
  private static final StreamId B = StreamId.of("order-2");
  private static final Instant T = Instant.ofEpochSecond(1_700_000_010L, 500);

  record Placed(String text) {}

  record Paid(String text) {}

  /** A clock that says what the test set last. */
  static final class SetClock extends Clock {
    volatile Instant now = T;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static InMemoryEventStore store(Clock clock) {
    return new InMemoryEventStore(EventTypes.permissive(), StoreLimits.defaults(), clock);
  }

  private static List<String> texts(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> e.payload() instanceof Placed p ? p.text()
        : ((Paid) e.payload()).text()).toList();
  }

  private static List<EventData<?>> placed(String... texts) {
    List<EventData<?>> events = new ArrayList<>();
    for (String text : texts) {
      events.add(EventData.of(new Placed(text)));
    }
    return events;
  }

  @Test
  void positionAtIsThePositionBeforeTheFirstEventRecordedAtOrAfterTheInstant() {
    SetClock clock = new SetClock();
    try (InMemoryEventStore store = store(clock)) {
      store.append(A, ExpectedVersion.any(), placed("a1", "a2")); // 1, 2 at T
      clock.now = T.plusNanos(100);
      store.append(A, ExpectedVersion.any(), placed("a3")); // 3
      clock.now = T.plusSeconds(1).minusNanos(400); // a later second, fewer nanoseconds
      store.append(B, ExpectedVersion.any(), placed("b1")); // 4

      assertEquals(GlobalPosition.START, store.positionAt(T.minusSeconds(5)));
      assertEquals(GlobalPosition.START, store.positionAt(T));
      assertEquals(GlobalPosition.of(2), store.positionAt(T.plusNanos(1)));
      assertEquals(GlobalPosition.of(2), store.positionAt(T.plusNanos(100)));
      assertEquals(GlobalPosition.of(3), store.positionAt(T.plusNanos(101)));
      assertEquals(GlobalPosition.of(3), store.positionAt(T.plusSeconds(1).minusNanos(400)));
      assertEquals(GlobalPosition.of(4), store.positionAt(T.plusSeconds(1).minusNanos(399)));
      assertEquals(GlobalPosition.of(4), store.positionAt(T.plusSeconds(60)), "after the last");
    }
  }

  /** Neighbours in a page that share only their second or only their nanoseconds keep their own. */
  @Test
  void eachEventOfAPageKeepsItsOwnRecordedTime() {
    SetClock clock = new SetClock();
    List<Instant> times = List.of(T, T, T.plusNanos(100), T.plusSeconds(1).plusNanos(100),
        T.plusSeconds(2).plusNanos(100), T.plusSeconds(2).plusNanos(100));
    try (InMemoryEventStore store = store(clock)) {
      for (Instant time : times) {
        clock.now = time;
        store.append(A, ExpectedVersion.any(), placed("at " + time));
      }
      assertEquals(times, store.readAll(GlobalPosition.START, 10).stream()
          .map(RecordedEvent::recordedAt).toList());
      assertEquals(times, store.readStream(A).stream().map(RecordedEvent::recordedAt).toList());
    }
  }

  @Test
  void correlatedReadsReturnTheCorrelationsEventsInLogOrderFromAPositionUpToACount() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Metadata c1 = Metadata.empty().withCorrelationId("c1");
      store.append(A, ExpectedVersion.any(), List.of(EventData.of(new Placed("a1"), c1),
          EventData.of(new Placed("a2"), Metadata.empty().withCorrelationId("c2")),
          EventData.of(new Placed("a3"))));
      store.append(B, ExpectedVersion.any(), List.of(EventData.of(new Placed("b1"), c1)));
      store.append(A, ExpectedVersion.any(), List.of(EventData.of(new Placed("a4"), c1)));

      assertEquals(List.of("a1", "b1", "a4"),
          texts(store.readCorrelated("c1", GlobalPosition.START, 10)));
      assertEquals(List.of("a1", "b1"), texts(store.readCorrelated("c1", GlobalPosition.START, 2)));
      assertEquals(List.of("b1", "a4"), texts(store.readCorrelated("c1", GlobalPosition.of(1), 10)));
      assertEquals(List.of("a2"), texts(store.readCorrelated("c2", GlobalPosition.START, 10)));
      assertEquals(List.of(), store.readCorrelated("c3", GlobalPosition.START, 10));

      store.truncateStream(A, Version.of(4)); // a1 to a3 removed
      assertEquals(List.of("b1", "a4"), texts(store.readCorrelated("c1", GlobalPosition.START, 10)));
    }
  }

  @Test
  void countsAndFilteredReadsSkipWhatATruncationRemoved() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), placed("a1", "a2", "a3"));
      store.append(B, ExpectedVersion.any(), List.of(EventData.of(new Paid("b1"))));
      store.append(A, ExpectedVersion.any(), placed("a4"));

      assertEquals(5, store.countAfter(GlobalPosition.START, EventFilter.all()));
      assertEquals(3, store.countAfter(GlobalPosition.of(2), EventFilter.all()));
      assertEquals(0, store.countAfter(GlobalPosition.of(5), EventFilter.all()));
      assertEquals(1, store.countAfter(GlobalPosition.START, EventFilter.types("Paid")));
      assertEquals(2, store.countAfter(GlobalPosition.of(2), EventFilter.types("Placed")));

      LogPage page = store.readAll(GlobalPosition.START, 1, EventFilter.types("Placed"));
      assertEquals(List.of("a1"), texts(page.events()));
      assertEquals(GlobalPosition.of(1), page.scannedTo(), "scanned only as far as it returns");
      page = store.readAll(GlobalPosition.of(2), 2, EventFilter.types("Placed"));
      assertEquals(List.of("a3", "a4"), texts(page.events()));
      assertEquals(GlobalPosition.of(5), page.scannedTo());

      assertEquals(2, store.truncateStream(A, Version.of(3))); // a1 and a2 removed
      assertEquals(List.of("a3", "b1"), texts(store.readAll(GlobalPosition.START, 2)));
      assertEquals(List.of("a3", "b1", "a4"), texts(store.readAll(GlobalPosition.START, 10)));
      assertEquals(List.of("a3", "b1"),
          texts(store.readAll(GlobalPosition.START, 2, EventFilter.all()).events()));
      assertEquals(3, store.countAfter(GlobalPosition.START, EventFilter.all()));
      assertEquals(2, store.countAfter(GlobalPosition.START, EventFilter.types("Placed")));
      assertEquals(1, store.countAfter(GlobalPosition.of(4), EventFilter.all()));
    }
  }

  @Test
  void backwardsReadsStartAtTheGivenVersionAndStopAtTheFirstReadableEvent() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), placed("a1", "a2", "a3", "a4"));
      assertEquals(List.of("a4", "a3"), texts(store.readStreamBackwards(A, 2)));
      assertEquals(List.of("a2", "a1"), texts(store.readStreamBackwards(A, Version.of(2), 10)));
      assertEquals(List.of(), store.readStreamBackwards(B, 10));
      store.truncateStream(A, Version.of(3));
      assertEquals(List.of("a4", "a3"), texts(store.readStreamBackwards(A, 10)));
    }
  }

  @Test
  void payloadsAreHandedOverWithTheirVersionsFromTheFirstReadableOne() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), placed("a1", "a2", "a3"));
      List<String> seen = new ArrayList<>();
      assertEquals(2, store.readPayloads(A, Version.of(2),
          (payload, version) -> seen.add(((Placed) payload).text() + "@" + version)));
      assertEquals(List.of("a2@2", "a3@3"), seen);
      seen.clear();
      store.truncateStream(A, Version.of(3));
      store.readPayloads(A, Version.NONE,
          (payload, version) -> seen.add(((Placed) payload).text() + "@" + version));
      assertEquals(List.of("a3@3"), seen);
    }
  }

  @Test
  void streamsAreListedInIdOrderWithTheirVersionAndLastRecordedTimeUpToTheLimit() {
    SetClock clock = new SetClock();
    try (InMemoryEventStore store = store(clock)) {
      List<String> ids = List.of("c-9", "a", "c-10", "b-1", "b-0", "z", "m");
      for (String id : ids) {
        store.append(StreamId.of(id), ExpectedVersion.any(), placed(id));
      }
      clock.now = T.plusSeconds(3);
      store.append(StreamId.of("m"), ExpectedVersion.any(), placed("m2"));

      List<StreamInfo> all = store.streams(StreamQuery.all());
      assertEquals(store.streamIds(), all.stream().map(StreamInfo::stream).toList());
      List<StreamId> sorted = new ArrayList<>(ids.stream().map(StreamId::of).toList());
      sorted.sort(StreamQuery.ID_ORDER);
      assertEquals(sorted, store.streamIds());
      StreamInfo m = all.stream().filter(i -> i.stream().value().equals("m")).findFirst()
          .orElseThrow();
      assertEquals(new StreamInfo(StreamId.of("m"), Version.of(2), T.plusSeconds(3)), m);
      assertEquals(new StreamInfo(StreamId.of("a"), Version.of(1), T), all.get(0));
      assertEquals(sorted.subList(0, 3), store.streams(StreamQuery.all().withLimit(3)).stream()
          .map(StreamInfo::stream).toList());
    }
  }

  @Test
  void aSubscriptionCannotStartAfterTheLastPosition() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.any(), placed("a1", "a2"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.subscribe(GlobalPosition.of(3), event -> {}));
      assertEquals(true, e.getMessage().contains("last position 2"), e.getMessage());
      store.subscribe(GlobalPosition.of(2), event -> {}).close();
    }
  }
}
