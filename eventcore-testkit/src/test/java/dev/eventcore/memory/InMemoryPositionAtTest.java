package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In memory, times follow positions, so the position at a time is exact: the position of the last
 * event recorded before it.
 */
class InMemoryPositionAtTest {
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
}
