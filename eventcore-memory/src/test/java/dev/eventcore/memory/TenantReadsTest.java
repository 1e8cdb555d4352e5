package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's reads that the other tenant view tests leave out: backwards, by correlation id, of
 * payloads, past a long run of other tenants' events; its archiving, its errors, its closing.
 */
class TenantReadsTest {
  private static final StreamId ORDER = StreamId.of("order-1");

  record Noted(long n) {}

  private final InMemoryEventStore shared = new InMemoryEventStore();

  private static List<EventData<?>> noted(long... values) {
    List<EventData<?>> events = new ArrayList<>();
    for (long n : values) {
      events.add(EventData.of(new Noted(n)));
    }
    return events;
  }

  private static List<Long> numbers(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> ((Noted) e.payload()).n()).toList();
  }

  @Test
  void backwardsCorrelatedAndPayloadReadsShowOnlyTheTenantsOwnEventsUnderItsIds() {
    EventStore acme = shared.forTenant("acme");
    EventStore globex = shared.forTenant("globex");
    Metadata c = Metadata.empty().withCorrelationId("c-1");
    globex.append(ORDER, ExpectedVersion.any(), List.of(EventData.of(new Noted(10), c)));
    acme.append(ORDER, ExpectedVersion.any(), List.of(EventData.of(new Noted(1), c),
        EventData.of(new Noted(2)), EventData.of(new Noted(3), c)));

    List<RecordedEvent<?>> backwards = acme.readStreamBackwards(ORDER, 2);
    assertEquals(List.of(3L, 2L), numbers(backwards));
    assertEquals(ORDER, backwards.get(0).streamId());
    List<RecordedEvent<?>> correlated = acme.readCorrelated("c-1", GlobalPosition.START, 10);
    assertEquals(List.of(1L, 3L), numbers(correlated));
    assertEquals(ORDER, correlated.get(0).streamId());
    List<String> payloads = new ArrayList<>();
    assertEquals(2, acme.readPayloads(ORDER, Version.of(2),
        (payload, version) -> payloads.add(((Noted) payload).n() + "@" + version)));
    assertEquals(List.of("2@2", "3@3"), payloads);
    assertEquals(2, acme.archiveStream(ORDER, Version.of(3)));
    assertEquals(0, globex.archiveStream(ORDER, Version.of(3)), "globex's has one event");
  }

  /** Reads go on past more of other tenants' events than one scan examines. */
  @Test
  void aReadFindsTheTenantsEventBehindALongRunOfOtherTenantsEvents() {
    EventStore acme = shared.forTenant("acme");
    EventStore globex = shared.forTenant("globex");
    for (int a = 0; a < 70; a++) {
      long[] values = new long[1_000];
      globex.append(StreamId.of("bulk-" + a), ExpectedVersion.noStream(), noted(values));
    }
    acme.append(ORDER, ExpectedVersion.any(), noted(1, 2));
    assertEquals(List.of(1L, 2L), numbers(acme.readAll(GlobalPosition.START, 10)));
    assertEquals(List.of(1L),
        numbers(acme.readAll(GlobalPosition.START, 1, EventFilter.all()).events()));
    assertEquals(2, acme.countAfter(GlobalPosition.START, EventFilter.all()));
  }

  @Test
  void aSubscriptionOfATenantCannotStartBeyondTheSharedLog() {
    EventStore acme = shared.forTenant("acme");
    shared.forTenant("globex").append(ORDER, ExpectedVersion.any(), noted(1, 2));
    assertThrows(IllegalArgumentException.class,
        () -> acme.subscribe(GlobalPosition.of(3), event -> {}));
    acme.subscribe(GlobalPosition.of(2), event -> {}).close();
  }

  @Test
  void aReusedIdIsNamedWhereTheTenantHoldsItOrAsTakenByAnother() {
    EventStore acme = shared.forTenant("acme");
    EventStore globex = shared.forTenant("globex");
    EventData<?> first = EventData.of(new Noted(1)); // the first event of the shared log
    globex.append(StreamId.of("mine-1"), ExpectedVersion.noStream(), List.of(first));
    DuplicateEventIdException taken = assertThrows(DuplicateEventIdException.class,
        () -> acme.append(ORDER, ExpectedVersion.noStream(), List.of(first)));
    assertTrue(taken.getMessage().endsWith(": it is taken by an event of another tenant"),
        taken.getMessage());

    EventData<?> own = EventData.of(new Noted(2));
    acme.append(ORDER, ExpectedVersion.noStream(), List.of(own));
    DuplicateEventIdException reused = assertThrows(DuplicateEventIdException.class,
        () -> acme.append(StreamId.of("order-2"), ExpectedVersion.noStream(), List.of(own)));
    String message = reused.getMessage();
    assertTrue(message.startsWith("event id " + own.id() + " is already used: it is stored at"
        + " order-1@1"), message);
    assertEquals(message.indexOf(" is already used: "), message.lastIndexOf(" is already used: "),
        message);
    assertTrue(!message.contains("acme"), message);
  }

  @Test
  void closingATenantsStoreLeavesTheSharedStoreOpen() {
    EventStore acme = shared.forTenant("acme");
    acme.append(ORDER, ExpectedVersion.any(), noted(1));
    acme.close();
    assertThrows(IllegalStateException.class, () -> acme.readStream(ORDER));
    assertEquals(1, shared.eventCount());
    shared.forTenant("acme").append(ORDER, ExpectedVersion.any(), noted(2));
    assertEquals(2, shared.eventCount());
  }
}
