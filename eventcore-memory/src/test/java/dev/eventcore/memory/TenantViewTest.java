package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tenants' stores over one in-memory store: the same isolation as PostgreSQL's tenants. */
class TenantViewTest {
  record Noted(long n) {}

  private final InMemoryEventStore shared = new InMemoryEventStore();

  private static List<EventData<?>> noted(long... values) {
    return java.util.Arrays.stream(values)
        .<EventData<?>>mapToObj(n -> EventData.of(new Noted(n))).toList();
  }

  private static List<Long> numbers(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> ((Noted) e.payload()).n()).toList();
  }

  @Test
  void eachTenantSeesOnlyItsOwnStreamsUnderTheSameIds() {
    EventStore acme = shared.forTenant("acme");
    EventStore globex = shared.forTenant("globex");
    StreamId order = StreamId.of("order-1");
    acme.append(order, ExpectedVersion.noStream(), noted(1, 2));
    globex.append(order, ExpectedVersion.noStream(), noted(10));
    globex.append(StreamId.of("invoice-1"), ExpectedVersion.noStream(), noted(11));
    acme.append(order, ExpectedVersion.exactly(Version.of(2)), noted(3));
    WrongExpectedVersionException stale = assertThrows(WrongExpectedVersionException.class,
        () -> globex.append(order, ExpectedVersion.noStream(), noted(12)));
    assertEquals(order, stale.stream(), "names the tenant's own stream");

    assertEquals(List.of(1L, 2L, 3L), numbers(acme.readStream(order)));
    assertEquals(order, acme.readStream(order).get(0).streamId());
    assertEquals(List.of(10L), numbers(globex.readStream(order)));
    assertEquals(List.of(1L, 2L, 3L), numbers(acme.readAll(GlobalPosition.START, 100)));
    assertEquals(List.of(10L, 11L), numbers(globex.readAll(GlobalPosition.START, 100)));
    assertEquals(List.of(11L), numbers(globex.readAll(GlobalPosition.START, 10,
        EventFilter.categories("invoice")).events()));
    assertEquals(3, acme.countAfter(GlobalPosition.START, EventFilter.all()));
    assertEquals(List.of(order), acme.streams(StreamQuery.all()).stream()
        .map(StreamInfo::stream).toList());
    assertEquals(Version.of(3), acme.streamStatus(order).version());
    // the shared store is the operator's view: every tenant, under the stored keys
    assertEquals(Set.of("acme\u001Forder-1", "globex\u001Forder-1", "globex\u001Finvoice-1"),
        shared.readAll(GlobalPosition.START, 100).stream().map(e -> e.streamId().value())
            .collect(Collectors.toSet()));
    // a longest id of a longest tenant still reads back, in the tenant's store and the operator's
    String tenant = "t".repeat(63);
    StreamId longest = StreamId.of("x".repeat(StreamId.MAX_LENGTH));
    shared.forTenant(tenant).append(longest, ExpectedVersion.noStream(), noted(5));
    assertEquals(longest, shared.forTenant(tenant).readStream(longest).get(0).streamId());
    List<RecordedEvent<?>> all = shared.readAll(GlobalPosition.START, 100);
    StreamId stored = all.get(all.size() - 1).streamId();
    assertEquals(tenant + "\u001F" + longest.value(), stored.value());
    assertEquals(List.of(5L), numbers(shared.readStream(stored)), "the operator reads it by key");
    // an event id another tenant holds is refused without naming that tenant's stream
    EventData<?> reused = EventData.of(new Noted(7));
    globex.append(StreamId.of("mine-1"), ExpectedVersion.noStream(), List.of(reused));
    dev.eventcore.DuplicateEventIdException taken = assertThrows(
        dev.eventcore.DuplicateEventIdException.class,
        () -> acme.append(StreamId.of("theirs-1"), ExpectedVersion.noStream(), List.of(reused)));
    assertTrue(!taken.getMessage().contains("globex") && !taken.getMessage().contains("mine-1"),
        taken.getMessage());
    // the position at a time is the tenant's: another tenant's event at that time is not acme's
    RecordedEvent<?> theirs = globex.readAll(GlobalPosition.START, 100).get(2);
    GlobalPosition at = acme.positionAt(theirs.recordedAt());
    assertTrue(at.compareTo(theirs.position()) >= 0, at + " before " + theirs.position());
    assertThrows(IllegalArgumentException.class, () -> shared.forTenant("Acme"));
    assertThrows(IllegalArgumentException.class, () -> shared.forTenant("a-b"));
  }

  @Test
  void noIdATenantCanBuildReachesAnotherTenant() {
    EventStore acme = shared.forTenant("acme");
    EventStore globex = shared.forTenant("globex");
    globex.append(StreamId.of("order-1"), ExpectedVersion.noStream(), noted(10, 11, 12));
    assertThrows(IllegalArgumentException.class, () -> StreamId.of("globex\u001Forder-1"));
    for (String crafted : List.of("globex-order-1", "globex/order-1", "../globex/order-1")) {
      assertEquals(List.of(), acme.readStream(StreamId.of(crafted)), crafted);
      acme.append(StreamId.of(crafted), ExpectedVersion.noStream(), noted(1));
    }
    acme.append(StreamId.of("order-1"), ExpectedVersion.noStream(), noted(1, 2, 3));
    assertTrue(acme.truncateStream(StreamId.of("order-1"), Version.of(3)) > 0);
    acme.hardDeleteStream(StreamId.of("order-1"), ExpectedVersion.any());
    assertEquals(List.of(10L, 11L, 12L), numbers(globex.readStream(StreamId.of("order-1"))));
    assertTrue(globex.streamStatus(StreamId.of("order-1")).deletion().isEmpty());
  }

  @Test
  void eachTenantsSubscriptionGetsEveryAcknowledgedEventOnceInOrderWhileAllWrite()
      throws Exception {
    int tenants = 3;
    int writers = 4;
    int appends = 300;
    List<EventStore> stores = new ArrayList<>();
    List<List<RecordedEvent<?>>> received = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      EventStore store = shared.forTenant("tenant" + t);
      stores.add(store);
      List<RecordedEvent<?>> events = new CopyOnWriteArrayList<>();
      received.add(events);
      subscriptions.add(store.subscribe(GlobalPosition.START, events::add));
    }
    List<Set<Long>> acknowledged = new ArrayList<>();
    List<Future<?>> running = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(tenants * writers);
    for (int t = 0; t < tenants; t++) {
      Set<Long> positions = ConcurrentHashMap.newKeySet();
      acknowledged.add(positions);
      EventStore store = stores.get(t);
      for (int w = 0; w < writers; w++) {
        int writer = w;
        running.add(pool.submit(() -> {
          for (int i = 0; i < appends; i++) {
            AppendResult result = store.append(StreamId.of("order-" + writer + "-" + (i % 5)),
                ExpectedVersion.any(), noted(i, -i));
            for (long p = result.firstPosition().value(); p <= result.lastPosition().value();
                p++) {
              positions.add(p);
            }
          }
          return null;
        }));
      }
    }
    for (Future<?> writer : running) {
      writer.get();
    }
    pool.shutdown();
    try {
      for (int t = 0; t < tenants; t++) {
        long last = acknowledged.get(t).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(subscriptions.get(t).awaitPosition(GlobalPosition.of(last),
            Duration.ofSeconds(30)), "tenant " + t);
        List<RecordedEvent<?>> events = received.get(t);
        for (int i = 1; i < events.size(); i++) {
          assertTrue(events.get(i - 1).position().value() < events.get(i).position().value());
        }
        assertEquals(acknowledged.get(t), events.stream().map(e -> e.position().value())
            .collect(Collectors.toSet()), "tenant " + t + ": exactly its acknowledged events");
        assertEquals(writers * appends * 2, events.size());
      }
    } finally {
      subscriptions.forEach(Subscription::close);
    }
  }
}
