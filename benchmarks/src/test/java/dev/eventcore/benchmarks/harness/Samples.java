package dev.eventcore.benchmarks.harness;

import java.util.Map;
import org.HdrHistogram.Histogram;

/** Samples made by hand for tests: no timing involved. */
public final class Samples {
  private Samples() {}

  /** A one-second sample of {@code events} events in {@code events} operations, latency 1 ms. */
  public static Sample perSecond(long events) {
    Histogram latency = Latency.newHistogram();
    for (int i = 0; i < 100; i++) {
      latency.recordValue(1_000_000);
    }
    return new Sample(events, events, 1_000_000_000L, latency, events, events, events * 100, events,
        Map.of("conflicts", 2L));
  }
}
