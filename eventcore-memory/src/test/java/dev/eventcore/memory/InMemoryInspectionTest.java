package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A test store one can look inside and empty again. */
class InMemoryInspectionTest {
  private static final StreamId A = StreamId.of("order-1");
  private static final StreamId B = StreamId.of("account-7");

  record Noted(String text) {}

  private static List<EventData<Noted>> noted(String... texts) {
    return Arrays.stream(texts).map(t -> EventData.of(new Noted(t))).toList();
  }

  @Test
  void inspectionShowsTheStreamsTheirEventsAndTheCount() {
    try (InMemoryEventStore store = new InMemoryEventStore(EventTypes.of(Noted.class))) {
      store.append(A, ExpectedVersion.noStream(), noted("a1", "a2"));
      store.append(B, ExpectedVersion.noStream(), noted("b1"));

      assertEquals(3, store.eventCount());
      assertEquals(List.of(B, A), store.streamIds(), "in stream id order");
      assertEquals(List.of("a1", "a2", "b1"),
          store.events().stream().map(e -> ((Noted) e.payload()).text()).toList());
      Map<StreamId, List<RecordedEvent<?>>> byStream = store.eventsByStream();
      assertEquals(List.of(B, A), List.copyOf(byStream.keySet()));
      assertEquals(2, byStream.get(A).size());
      assertEquals(Version.of(2), byStream.get(A).get(1).version());
    }
  }

  @Test
  void resetEmptiesEveryStreamAndPositionsGoOn() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(A, ExpectedVersion.noStream(), noted("a1", "a2"));
      store.reset();

      assertEquals(0, store.eventCount());
      assertEquals(List.of(), store.streamIds());
      assertEquals(Version.NONE, store.currentVersion(A));
      assertEquals(List.of(), store.readAll(GlobalPosition.START, 10));
      assertThrows(WrongExpectedVersionException.class,
          () -> store.append(A, ExpectedVersion.exactly(Version.of(2)), noted("late")));

      var result = store.append(A, ExpectedVersion.noStream(), noted("again"));
      assertEquals(Version.of(1), result.version(A));
      assertEquals(GlobalPosition.of(3), result.lastPosition(), "positions are never reused");
      assertEquals(1, store.readAll(GlobalPosition.START, 10).size());
    }
  }

  @Test
  void anEventIdUsedBeforeTheResetMayBeUsedAgain() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      EventData<Noted> event = EventData.of(new Noted("x"));
      store.append(A, ExpectedVersion.noStream(), List.of(event));
      store.reset();
      store.append(B, ExpectedVersion.noStream(), List.of(event));
      assertEquals(List.of(B), store.streamIds());
    }
  }

  @Test
  void aSubscriptionOpenAcrossAResetSeesWhatIsAppendedAfterIt() throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      store.append(A, ExpectedVersion.noStream(), noted("before"));
      try (Subscription sub = store.subscribe(GlobalPosition.START,
          event -> seen.add(((Noted) event.payload()).text()))) {
        assertTrue(sub.awaitPosition(GlobalPosition.of(1), Duration.ofSeconds(5)));
        store.reset();
        var after = store.append(A, ExpectedVersion.noStream(), noted("after"));
        assertTrue(sub.awaitPosition(after.lastPosition(), Duration.ofSeconds(5)));
      }
      assertEquals(List.of("before", "after"), seen);
    }
  }

  @Test
  void storesMadeWithOtherTypesShareTheResetEvents() {
    try (InMemoryEventStore store = new InMemoryEventStore();
        InMemoryEventStore redeployed = store.withEventTypes(EventTypes.permissive())) {
      store.append(A, ExpectedVersion.noStream(), noted("a1"));
      assertEquals(1, redeployed.eventCount());
      redeployed.reset();
      assertEquals(0, store.eventCount());
    }
  }
}
