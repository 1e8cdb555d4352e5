package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store answers the log queries itself, in one read each (the port's defaults would
 * page through the log), and exactly: times follow positions, so the position at a time is that of
 * the last event recorded before it.
 */
class InMemoryQueriesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void thePositionAtATimeIsThatOfTheLastEventRecordedBeforeIt() {
    ManualClock clock = ManualClock.at(T0);
    try (InMemoryEventStore store =
        new InMemoryEventStore(EventTypes.of(String.class), StoreLimits.defaults(), clock)) {
      assertEquals(GlobalPosition.START, store.positionAt(T0), "an empty store");
      for (int i = 0; i < 3; i++) {
        store.append(StreamId.of("s-" + i), ExpectedVersion.noStream(),
            List.of(EventData.of("a" + i), EventData.of("b" + i)));
        clock.advance(Duration.ofSeconds(10));
      }
      List<RecordedEvent<?>> log = store.events();
      assertEquals(GlobalPosition.START, store.positionAt(T0.minusSeconds(1)));
      assertEquals(GlobalPosition.START, store.positionAt(T0));
      assertEquals(log.get(1).position(), store.positionAt(T0.plusNanos(1)), "after the 1st append");
      assertEquals(log.get(1).position(), store.positionAt(T0.plusSeconds(10)));
      assertEquals(log.get(3).position(), store.positionAt(T0.plusSeconds(15)));
      assertEquals(log.get(5).position(), store.positionAt(T0.plusSeconds(21)), "the end");
    }
  }

  @Test
  void eachQueryIsOneReadOfTheStoreItself() {
    List<ReadKind> reads = new CopyOnWriteArrayList<>();
    Observer counting = new Observer() {
      @Override
      public void read(ReadKind kind, int events, long nanos) {
        reads.add(kind);
      }
    };
    try (EventStore store = InMemoryEventStore.builder().eventTypes(EventTypes.of(String.class))
        .observer(counting).build()) {
      for (int i = 0; i < 5; i++) {
        List<EventData<?>> batch = new ArrayList<>();
        for (int j = 0; j < 1_000; j++) {
          batch.add(EventData.of("e" + j, Metadata.empty().withCorrelationId("c-" + (j % 10))));
        }
        store.append(StreamId.of("big-" + i), ExpectedVersion.noStream(), batch);
      }
      reads.clear();
      assertEquals(500, store.readCorrelated("c-3", GlobalPosition.START, 1_000).size());
      assertEquals(List.of(ReadKind.LOG), reads, "one log read, not a page per thousand events");
      reads.clear();
      assertEquals(10, store.readStreamBackwards(StreamId.of("big-4"), 10).size());
      assertEquals(List.of(ReadKind.STREAM), reads, "one stream read, no version lookup");
      reads.clear();
      assertEquals(GlobalPosition.START, store.positionAt(Instant.EPOCH));
      assertEquals(List.of(), reads, "no log read");
    }
  }
}
