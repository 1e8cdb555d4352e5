package dev.eventcore.benchmarks.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** W9's bookkeeping: lags from acks to deliveries, and the skip check against the log. */
class LagLogTest {
  private final InMemoryEventStore store = new InMemoryEventStore(Payloads.TYPES);
  private List<Long> positions;

  @BeforeEach
  void fill() {
    for (int i = 0; i < 4; i++) {
      store.append(StreamId.of("a-" + i), ExpectedVersion.noStream(), List.of(Payloads.data("a", i)));
    }
    positions = store.readAll(GlobalPosition.START, 10).stream()
        .map(e -> e.position().value()).toList();
  }

  @Test
  void theExactLogHasNoSkipAndNothingExtra() {
    LagLog log = new LagLog();
    positions.forEach(p -> log.deliveredLine(LagLog.line(p, 1_000)));
    assertArrayEquals(new long[] {0, 0}, log.verify(store, GlobalPosition.START));
    assertEquals(4, log.deliveredCount());
  }

  @Test
  void skipsDuplicatesAndReorderingsAreCounted() {
    LagLog skipped = new LagLog();
    List.of(0, 1, 3).forEach(i -> skipped.delivered(positions.get(i), 1));
    assertArrayEquals(new long[] {1, 0}, skipped.verify(store, GlobalPosition.START));

    LagLog duplicated = new LagLog();
    List.of(0, 1, 1, 2, 3).forEach(i -> duplicated.delivered(positions.get(i), 1));
    assertArrayEquals(new long[] {0, 1}, duplicated.verify(store, GlobalPosition.START));

    LagLog reordered = new LagLog();
    List.of(0, 2, 1, 3).forEach(i -> reordered.delivered(positions.get(i), 1));
    assertArrayEquals(new long[] {1, 1}, reordered.verify(store, GlobalPosition.START),
        "1 after 2 counts as out of order, so 1 was never delivered in its place");
  }

  @Test
  void lagRunsFromTheAckToTheDeliveryAndCountsOnlyAcksFromTheCutOff() {
    LagLog log = new LagLog();
    log.acked(GlobalPosition.of(positions.get(0)), 100); // before the cut-off: warm-up
    log.acked(GlobalPosition.of(positions.get(1)), 1_000);
    log.acked(GlobalPosition.of(positions.get(2)), 2_000);
    log.delivered(positions.get(0), 150);
    log.delivered(positions.get(1), 1_250);
    log.delivered(positions.get(2), 1_990); // delivered before the writer saw its ack: lag 0
    Histogram lags = log.lags(500);
    assertEquals(2, lags.getTotalCount());
    assertEquals(250_000, lags.getMaxValue(), 250); // 250 µs in ns, 3 significant digits
    assertEquals(0, lags.getMinValue());
  }
}
