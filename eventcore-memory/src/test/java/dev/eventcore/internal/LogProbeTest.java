package dev.eventcore.internal;

import dev.eventcore.serialization.EventTypes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogProbeTest {
  record Noise(int n) {}

  record Signal(String what) {}

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final EventFilter signals = EventTypes.of(Signal.class).asFilter();

  @AfterEach
  void close() {
    store.close();
  }

  private GlobalPosition append(Object payload) {
    return store.append(StreamId.of("probe", "1"), ExpectedVersion.any(),
        List.of(EventData.of(payload))).lastPosition();
  }

  @Test
  void findsTheFirstMatchingEventAfterARunOfOthers() {
    GlobalPosition start = append(new Signal("before"));
    for (int i = 0; i < 50_000; i++) {
      append(new Noise(i));
    }
    append(new Signal("wanted"));
    append(new Signal("later"));

    assertTrue(LogProbe.anyAfter(store, start, signals));
    assertEquals(new Signal("wanted"),
        LogProbe.firstAfter(store, start, signals).orElseThrow().payload());
  }

  @Test
  void findsNothingAfterTheLastMatchingEvent() {
    append(new Signal("only"));
    GlobalPosition last = append(new Noise(1));

    assertFalse(LogProbe.anyAfter(store, last, signals));
    assertTrue(LogProbe.firstAfter(store, last, signals).isEmpty());
    assertFalse(
        LogProbe.anyAfter(store, GlobalPosition.START, EventTypes.of(Long.class).asFilter()));
  }
}
