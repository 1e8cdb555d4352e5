package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthStatus;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retries of appends that also checked a stream without writing to it, event ids of any UUID
 * version, and the store's health check.
 */
class MemoryRetriesTest {
  private static final StreamId A = StreamId.of("order-1");
  private static final StreamId CHECKED = StreamId.of("stock-1");

  record Noted(int n) {}

  private static List<EventData<Noted>> noted(int from, int count) {
    List<EventData<Noted>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(EventData.of(new Noted(from + i)));
    }
    return events;
  }

  /**
   * A retry of an append that checked a stream is recognised by the version that stream had just
   * before the append, whatever it was written since.
   */
  @Test
  void aRetryReportsTheCheckedStreamsVersionAtTheTimeOfTheOriginalAppend() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(CHECKED, ExpectedVersion.any(), noted(0, 5)); // positions 1 to 5
      EventData<Noted> event = EventData.of(new Noted(100));
      List<StreamAppend> append = List.of(StreamAppend.of(A, ExpectedVersion.any(), List.of(event)),
          StreamAppend.check(CHECKED, ExpectedVersion.exactly(Version.of(5))));
      AppendResult original = store.append(append); // position 6
      store.append(CHECKED, ExpectedVersion.any(), noted(10, 5)); // 7 to 11

      AppendResult retried = store.append(append);
      assertEquals(original, retried);
      assertEquals(Version.of(5), retried.version(CHECKED));
      assertEquals(GlobalPosition.of(6), retried.firstPosition());

      DuplicateEventIdException other = assertThrows(DuplicateEventIdException.class,
          () -> store.append(List.of(StreamAppend.of(A, ExpectedVersion.any(), List.of(event)),
              StreamAppend.check(CHECKED, ExpectedVersion.exactly(Version.of(6))))));
      assertTrue(other.getMessage().contains("at version 5"), other.getMessage());
    }
  }

  @Test
  void aRetryThatCheckedAStreamWithoutEventsReportsNoVersion() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      StreamId empty = StreamId.of("stock-2");
      EventData<Noted> event = EventData.of(new Noted(1));
      List<StreamAppend> append = List.of(StreamAppend.of(A, ExpectedVersion.any(), List.of(event)),
          StreamAppend.check(empty, ExpectedVersion.noStream()));
      AppendResult original = store.append(append);
      assertEquals(original, store.append(append));
      assertEquals(Version.NONE, store.append(append).version(empty));

      StreamId later = StreamId.of("stock-3"); // gets its first event only after the append
      EventData<Noted> second = EventData.of(new Noted(2));
      List<StreamAppend> checking = List.of(
          StreamAppend.of(A, ExpectedVersion.any(), List.of(second)),
          StreamAppend.check(later, ExpectedVersion.noStream()));
      store.append(checking);
      store.append(later, ExpectedVersion.any(), noted(3, 1));
      assertEquals(Version.NONE, store.append(checking).version(later));
    }
  }

  /** Ids of other UUID versions than 7 (none in order) are all found again, however many. */
  @Test
  void everyRandomVersion4IdIsRecognisedAsUsedAcrossTheIndexsGrowth() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      List<EventId> ids = new ArrayList<>();
      for (int a = 0; a < 60; a++) {
        List<EventData<Noted>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          EventId id = EventId.of(UUID.randomUUID());
          ids.add(id);
          batch.add(EventData.of(new Noted(i)).withId(id));
        }
        store.append(StreamId.of("order-" + a), ExpectedVersion.noStream(), batch);
      }
      assertEquals(6_000, store.eventCount());
      for (int i = 0; i < ids.size(); i += 97) {
        EventId id = ids.get(i);
        DuplicateEventIdException e = assertThrows(DuplicateEventIdException.class,
            () -> store.append(StreamId.of("elsewhere"), ExpectedVersion.any(),
                List.of(EventData.of(new Noted(-1)).withId(id))));
        assertEquals(id, e.eventId());
      }
    }
  }

  @Test
  void theHealthCheckIsUpWithTheEventCountUntilTheStoreIsClosed() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore();
    store.append(A, ExpectedVersion.any(), noted(0, 3));
    List<StoreHealth.Check> checks = store.healthChecks(HealthThresholds.defaults());
    assertEquals(1, checks.size());
    assertEquals("store", checks.get(0).component());
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    Health up = checks.get(0).check().check(now);
    assertEquals(HealthStatus.UP, up.status());
    assertEquals(3L, ((Number) up.details().get("events")).longValue());
    assertEquals(now, up.checkedAt());
    store.close();
    Health down = checks.get(0).check().check(now);
    assertEquals(HealthStatus.DOWN, down.status());
  }
}
