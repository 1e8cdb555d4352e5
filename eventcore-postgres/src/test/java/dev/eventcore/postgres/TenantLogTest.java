package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Each tenant's global log never skips while several tenants write at once: a subscription of
 * each tenant, started before the writers, receives every event its tenant's writers were told
 * was stored, once, in position order, and none of another tenant's.
 */
class TenantLogTest {
  private static final int TENANTS = 3;
  private static final int WRITERS = 4;
  private static final int APPENDS = 150;

  @Test
  void eachTenantsSubscriptionGetsEveryAcknowledgedEventOnceInOrderWhileAllWrite()
      throws Exception {
    try (TenantSchema schema = TenantSchema.create()) {
      List<PostgresEventStore> stores = new ArrayList<>();
      List<List<RecordedEvent<?>>> received = new ArrayList<>();
      List<Subscription> subscriptions = new ArrayList<>();
      try {
        for (int t = 0; t < TENANTS; t++) {
          String tenant = "tenant" + t;
          PostgresEventStore store =
              schema.tenantStore(tenant, schema.registeredRole(tenant)).build();
          stores.add(store);
          List<RecordedEvent<?>> events = new CopyOnWriteArrayList<>();
          received.add(events);
          subscriptions.add(store.subscribe(GlobalPosition.START, events::add));
        }
        Map<Integer, Set<GlobalPosition>> acknowledged = new ConcurrentHashMap<>();
        Map<Integer, GlobalPosition> last = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(TENANTS * WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
          int tenant = t;
          acknowledged.put(tenant, ConcurrentHashMap.newKeySet());
          for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
              start.await();
              for (int i = 0; i < APPENDS; i++) {
                // the same stream ids in every tenant; every third append spans two streams
                StreamId one = StreamId.of("order-" + writer + "-" + (i % 5));
                AppendResult result = i % 3 == 0
                    ? stores.get(tenant).append(List.of(
                        StreamAppend.writing(one, ExpectedVersion.any(),
                            List.of(EventData.of(new TestEvent.Numbered(i)))),
                        StreamAppend.writing(StreamId.of("shared-" + (i % 2)), ExpectedVersion.any(),
                            List.of(EventData.of(new TestEvent.Numbered(-i))))))
                    : stores.get(tenant).append(one, ExpectedVersion.any(),
                        List.of(EventData.of(new TestEvent.Numbered(i))));
                record(acknowledged.get(tenant), result);
                last.merge(tenant, result.lastPosition(),
                    (a, b) -> a.compareTo(b) >= 0 ? a : b);
              }
              return null;
            }));
          }
        }
        start.countDown();
        for (Future<?> writer : writers) {
          writer.get();
        }
        pool.shutdown();
        for (int t = 0; t < TENANTS; t++) {
          assertTrue(subscriptions.get(t).awaitPosition(last.get(t), Duration.ofSeconds(60)),
              "tenant " + t + "'s subscription reached its last acknowledged event");
          List<RecordedEvent<?>> events = received.get(t);
          for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).position().compareTo(events.get(i).position()) < 0,
                "tenant " + t + ": in position order, no event twice, at " + i);
          }
          Set<GlobalPosition> positions = ConcurrentHashMap.newKeySet();
          events.forEach(e -> positions.add(e.position()));
          assertEquals(acknowledged.get(t), positions,
              "tenant " + t + " received exactly its acknowledged events");
          int expected = WRITERS * (APPENDS + (APPENDS + 2) / 3);
          assertEquals(expected, events.size(), "tenant " + t);
        }
      } finally {
        subscriptions.forEach(Subscription::close);
        stores.forEach(PostgresEventStore::close);
      }
    }
  }

  /** The positions of an append's events: its first to its last, one per event. */
  private static void record(Set<GlobalPosition> positions, AppendResult result) {
    // an append's events are consecutive in its transaction: first, ..., last
    long first = result.firstPosition().value();
    long last = result.lastPosition().value();
    for (long p = first; p <= last; p++) {
      positions.add(GlobalPosition.of(p));
    }
  }
}
