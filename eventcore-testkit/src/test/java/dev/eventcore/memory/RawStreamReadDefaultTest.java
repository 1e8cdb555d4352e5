package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.contract.UpcastEvents;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.PlacedV1;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code EventStore}'s default raw stream read, for stores that do not read the page natively (a
 * forwarding store uses it): the same events as the adapter's own, re-reading after each
 * undecodable one.
 */
class RawStreamReadDefaultTest {
  private static final StreamId ORDER = StreamId.of("order-1");

  private final InMemoryEventStore old = new InMemoryEventStore(UpcastEvents.before());
  private final InMemoryEventStore store = old.withEventTypes(UpcastEvents.after());

  @AfterEach
  void close() {
    store.close();
    old.close();
  }

  @Test
  void theDefaultReturnsWhatTheAdapterReturnsPoisonsRawInTheirPlace() {
    old.append(ORDER, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1")),
        EventData.of(new PlacedV1("o2", "bad")), EventData.of(new PlacedV1("o3", "77")),
        EventData.of(new PlacedV1("o4", "worse"))));
    EventStore forwarding = new ForwardingEventStore(store);

    List<RecordedEvent<?>> native_ = store.readStream(ORDER, Version.NONE, 10,
        OnUndecodable.DELIVER_RAW);
    assertEquals(native_, forwarding.readStream(ORDER, Version.NONE, 10, OnUndecodable.DELIVER_RAW));
    assertEquals(4, native_.size());
    assertInstanceOf(UndecodableEvent.class, native_.get(1).payload());
    assertEquals(new Placed("o3", 77), native_.get(2).payload());
    assertInstanceOf(UndecodableEvent.class, native_.get(3).payload());
    assertEquals(native_.subList(1, 3),
        forwarding.readStream(ORDER, Version.of(2), 2, OnUndecodable.DELIVER_RAW), "from, limit");
    assertThrows(UndecodableEventException.class,
        () -> forwarding.readStream(ORDER, Version.NONE, 10, OnUndecodable.STOP));
  }

  @Test
  void theDefaultStreamingReadHandsOverTheEventsBeforeAnUndecodableOneThenThrows() {
    old.append(ORDER, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1")),
        EventData.of(new PlacedV1("o2", "77")), EventData.of(new PlacedV1("o3", "bad"))));
    EventStore forwarding = new ForwardingEventStore(store);
    List<RecordedEvent<?>> handed = new ArrayList<>();
    UndecodableEventException e = assertThrows(UndecodableEventException.class,
        () -> forwarding.readStream(ORDER, Version.NONE, handed::add));
    assertEquals(Version.of(3), e.event().version());
    assertEquals(store.readStream(ORDER, Version.NONE, 2), handed, "the two events before it");
  }
}
