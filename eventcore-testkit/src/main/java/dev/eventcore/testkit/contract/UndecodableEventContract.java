package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Paid;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.PlacedV1;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A stored event that cannot be decoded (here: its upcaster throws, which every adapter can show)
 * never stops the store for good and is never skipped: reads stop at it by default with its
 * position and raw envelope, and hand it over raw, at its position, when the filter asks for it.
 *
 * @since 0.1.0
 */
public abstract class UndecodableEventContract extends StoreContract {
  private static final StreamId ORDER = StreamId.of("upcast-1");
  private static final StreamId OTHER = StreamId.of("upcast-2");

  /** The log: a good old event, the poison one, then events written after it by the new code. */
  private record Log(EventStore store, List<RecordedEvent<?>> stored) {
    GlobalPosition poison() {
      return stored.get(1).position();
    }
  }

  /** An amount the {@code PlacedV1 -> Placed} upcaster cannot parse: it throws on every read. */
  private Log poisoned() {
    EventStore old = openStore(UpcastEvents.before());
    old.append(ORDER, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1"))));
    old.append(ORDER, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new PlacedV1("o2", "not-a-number"))));
    EventStore store = reopenStore(old, UpcastEvents.after());
    store.append(ORDER, ExpectedVersion.exactly(Version.of(2)),
        List.of(EventData.of(new Placed("o3", 3))));
    store.append(OTHER, ExpectedVersion.noStream(), List.of(EventData.of(new Paid("o4"))));
    List<RecordedEvent<?>> stored = new ArrayList<>();
    GlobalPosition after = GlobalPosition.START;
    while (stored.size() < 4) {
      LogPage page = store.readAll(after, 10, EventFilter.all().deliveringUndecodable());
      stored.addAll(page.events());
      assertTrue(page.scannedTo().isAfter(after) || stored.size() == 4, "the read makes progress");
      after = page.scannedTo();
    }
    return new Log(store, stored);
  }

  private static void assertPoison(Log log, UndecodableEventException e) {
    assertEquals(log.poison(), e.position());
    RecordedEvent<UndecodableEvent> event = e.event();
    assertEquals(ORDER, event.streamId());
    assertEquals(Version.of(2), event.version());
    assertEquals("upcast.OrderPlaced", event.type());
    assertEnvelope(event.payload());
    for (String part : List.of(ORDER + "@2", "position " + log.poison(), "upcast.OrderPlaced")) {
      assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " lacks " + part);
    }
  }

  private static void assertEnvelope(UndecodableEvent envelope) {
    assertEquals("upcast.OrderPlaced", envelope.type());
    assertEquals(1, envelope.revision());
    assertTrue(envelope.data().contains("not-a-number"), envelope.data());
    assertEquals("{}", envelope.metadata());
    assertTrue(envelope.reason().contains("NumberFormatException"), envelope.reason());
    assertTrue(!envelope.toString().contains(envelope.data()), "toString never shows the data");
  }

  @Test
  void aDefaultReadStopsAtAnUndecodableEventWithItsPositionAndRawEnvelope() {
    Log log = poisoned();
    EventStore store = log.store();
    List<RecordedEvent<?>> before = store.readAll(GlobalPosition.START, 100);
    assertEquals(List.of(new Placed("o1", 0)), before.stream().map(e -> e.payload()).toList(),
        "the events before it are returned");
    GlobalPosition first = before.get(0).position();
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> store.readAll(first, 100)));
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> store.readAll(first, 100, EventTypes.of(Placed.class).asFilter())));
    assertPoison(log, assertThrows(UndecodableEventException.class, () -> store.readStream(ORDER)));
    assertEquals(List.of(new Placed("o3", 3), new Paid("o4")),
        store.readAll(log.poison(), 100).stream().map(e -> e.payload()).toList(),
        "a read after it is unaffected");
  }

  @Test
  void aStreamingReadHandsOverTheEventsBeforeAnUndecodableOneThenThrows() {
    Log log = poisoned();
    List<RecordedEvent<?>> handed = new ArrayList<>();
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> log.store().readStream(ORDER, Version.NONE, handed::add)));
    assertEquals(List.of(log.stored().get(0)), handed, "the event before it, then the exception");
    handed.clear();
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> log.store().readStream(ORDER, Version.of(2), handed::add)));
    assertEquals(List.of(), handed);
    assertEquals(1, log.store().readStream(ORDER, Version.of(3), handed::add), "after it");
    assertEquals(List.of(log.stored().get(2)), handed);
    List<Object> payloads = new ArrayList<>();
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> log.store().readPayloads(ORDER, Version.NONE, (payload, v) -> payloads.add(payload))));
    assertEquals(List.of(log.stored().get(0).payload()), payloads, "a payload read stops alike");
  }

  @Test
  void aStreamReadDeliveringUndecodableEventsReturnsItRawAtItsVersionInOneRead() {
    Log log = poisoned();
    List<RecordedEvent<?>> stored = log.stored();
    List<RecordedEvent<?>> read =
        log.store().readStream(ORDER, Version.NONE, 10, OnUndecodable.DELIVER_RAW);
    assertEquals(List.of(stored.get(0), stored.get(1), stored.get(2)), read,
        "the poison raw at version 2, the events around it decoded");
    assertEquals(List.of(stored.get(1), stored.get(2)),
        log.store().readStream(ORDER, Version.of(2), 10, OnUndecodable.DELIVER_RAW));
    assertEquals(List.of(stored.get(0), stored.get(1)),
        log.store().readStream(ORDER, Version.NONE, 2, OnUndecodable.DELIVER_RAW), "the limit");
    assertPoison(log, assertThrows(UndecodableEventException.class,
        () -> log.store().readStream(ORDER, Version.NONE, 10, OnUndecodable.STOP)));
    assertThrows(NullPointerException.class,
        () -> log.store().readStream(ORDER, Version.NONE, 10, null));
  }

  @Test
  void aReadDeliveringUndecodableEventsReturnsItRawAtItsPositionAndTheEventsAfterIt() {
    Log log = poisoned();
    List<RecordedEvent<?>> stored = log.stored();
    assertStrictlyIncreasing(stored, GlobalPosition.START);
    assertEquals(new Placed("o1", 0), stored.get(0).payload());
    RecordedEvent<?> raw = stored.get(1);
    assertEquals(ORDER, raw.streamId());
    assertEquals(Version.of(2), raw.version());
    assertEquals("upcast.OrderPlaced", raw.type());
    assertEnvelope(assertInstanceOf(UndecodableEvent.class, raw.payload()));
    assertEquals(new Placed("o3", 3), stored.get(2).payload());
    assertEquals(new Paid("o4"), stored.get(3).payload());

    EventFilter raws = EventFilter.all().deliveringUndecodable();
    List<RecordedEvent<?>> paged = new ArrayList<>();
    GlobalPosition after = GlobalPosition.START;
    for (int i = 0; i < 10 && paged.size() < 4; i++) {
      LogPage page = log.store().readAll(after, 1, raws);
      paged.addAll(page.events());
      after = page.scannedTo();
    }
    assertEquals(stored, paged, "paging one event at a time past it");
    assertEquals(List.of(stored.get(0), raw, stored.get(2)), log.store().readAll(
        GlobalPosition.START, 100, EventTypes.of(Placed.class).asFilter().deliveringUndecodable())
        .events(), "a filter on today's type hands over the legacy event that upcasts to it");
  }

  @Test
  void aSubscriptionStopsAtAnUndecodableEventByDefaultAndDeliversItRawWhenAsked()
      throws InterruptedException {
    Log log = poisoned();
    List<RecordedEvent<?>> raw = new CopyOnWriteArrayList<>();
    Subscription delivering = track(log.store().subscribe(GlobalPosition.START,
        EventFilter.all().deliveringUndecodable(), raw::add));
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription stopping = track(log.store().subscribe(GlobalPosition.START, handled::add));
    awaitHandled(delivering, log.stored().get(3).position());
    assertEquals(log.stored(), raw, "every event, in order, the undecodable one raw");

    long deadline = System.nanoTime() + timeout().toNanos();
    while (stopping.isRunning() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    SubscriptionFailedException failure =
        stopping.failure().orElseThrow(() -> new AssertionError(stopping + " did not stop"));
    assertEquals(log.poison(), failure.position(), failure.getMessage());
    assertPoison(log, assertInstanceOf(UndecodableEventException.class, failure.getCause()));
    assertEquals(List.of(log.stored().get(0)), handled, "only the event before it");
  }
}
