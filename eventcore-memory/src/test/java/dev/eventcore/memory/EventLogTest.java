package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

  @Test
  void readsBackEveryFieldWhileTheFirstChunkGrowsAndLaterChunksAreAdded() {
    EventLog log = new EventLog(41);
    List<RecordedEvent<?>> before = List.of();
    for (int i = 0; i < 5_000; i++) {
      if (i == 7 || i == 8 || i == 1_023 || i == 1_024) {
        before = log.copy(0, 5_000); // a reader's copy across each growth
      }
      assertEquals(i, add(log, i));
      log.publish();
      assertEvent(i, log.get(i));
    }
    assertEquals(1_024, before.size());
    assertEquals(5_000, log.size());
    List<RecordedEvent<?>> all = log.copy(0, 10_000);
    for (int i = 0; i < 5_000; i++) {
      assertEvent(i, all.get(i));
      assertEquals(StreamId.of("s-" + (i % 7)), log.streamOf(i));
      assertEquals("T" + (i % 3), log.typeOf(i));
      assertEquals(i / 7 + 1L, log.versionOf(i));
      assertEquals(AT.plusNanos(i), log.recordedAtOf(i));
      assertEquals(42L + i, log.positionOf(i));
      assertTrue(log.hasId(i, id(i).value()));
      assertFalse(log.hasId(i, id(i + 1).value()));
    }
    assertEquals(List.of(1_023L, 1_024L, 1_025L),
        log.copy(1_023, 3).stream().map(e -> e.position().value() - 42).toList());
  }

  @Test
  void hidesUnpublishedEvents() {
    EventLog log = new EventLog(0);
    for (int i = 0; i < 20; i++) {
      add(log, i);
    }
    assertEquals(0, log.size());
    assertEquals(20, log.written());
    assertEquals(List.of(), log.copy(0, 10));
    log.publish();
    assertEquals(List.of(9L, 10L),
        log.copy(8, 2).stream().map(e -> e.position().value()).toList());
    assertEquals(List.of(), log.copy(20, 2));
  }

  private static int add(EventLog log, int i) {
    return log.add(StreamId.of("s-" + (i % 7)), i / 7 + 1L, id(i), "T" + (i % 3), "p" + i,
        Metadata.empty().with("n", Integer.toString(i)), AT.plusNanos(i));
  }

  private static EventId id(int i) {
    return EventId.of(new UUID(0x1000L + i, -i - 1L));
  }

  private static void assertEvent(int i, RecordedEvent<?> event) {
    assertEquals(new RecordedEvent<>(GlobalPosition.of(42L + i), StreamId.of("s-" + (i % 7)),
        Version.of(i / 7 + 1L), id(i), "T" + (i % 3), "p" + i,
        Metadata.empty().with("n", Integer.toString(i)), AT.plusNanos(i)), event);
  }
}
