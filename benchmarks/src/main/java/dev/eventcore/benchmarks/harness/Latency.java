package dev.eventcore.benchmarks.harness;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles, in microseconds.
 *
 * @param count how many operations were recorded
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the maximum
 */
public record Latency(long count, double p50, double p95, double p99, double p999, double max) {

  /** No operation recorded. */
  public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

  /** The percentiles of a histogram of nanoseconds. */
  public static Latency of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return NONE;
    }
    return new Latency(
        nanos.getTotalCount(),
        nanos.getValueAtPercentile(50) / 1e3,
        nanos.getValueAtPercentile(95) / 1e3,
        nanos.getValueAtPercentile(99) / 1e3,
        nanos.getValueAtPercentile(99.9) / 1e3,
        nanos.getMaxValue() / 1e3);
  }

  /**
   * A new, empty histogram of nanoseconds up to one hour, three significant digits: one operation
   * of W10 is a whole rebuild, which took over a minute on a slow day.
   */
  public static Histogram newHistogram() {
    return new Histogram(TimeUnit.HOURS.toNanos(1), 3);
  }
}
