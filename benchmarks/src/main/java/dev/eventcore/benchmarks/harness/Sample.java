package dev.eventcore.benchmarks.harness;

import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * One measured run of one thing (a library workload or a raw probe) for one round.
 *
 * @param operations operations completed in the measured window
 * @param events events written or read in the measured window
 * @param elapsedNanos length of the measured window
 * @param latency latency of each operation in nanoseconds, from its intended start time
 * @param totalOperations operations over the whole run, warm-up included (for per-op counters)
 * @param totalEvents events over the whole run, warm-up included
 * @param allocatedBytes bytes allocated by all JVM threads over the whole run, or -1 if unknown
 * @param roundTrips JDBC round trips over the whole run counted by the driver proxy, or -1 if the
 *     subject does not go through it
 * @param counters other counts over the whole run, e.g. {@code conflicts}
 */
public record Sample(
    long operations,
    long events,
    long elapsedNanos,
    Histogram latency,
    long totalOperations,
    long totalEvents,
    long allocatedBytes,
    long roundTrips,
    Map<String, Long> counters) {

  /** Validates and copies the arguments. */
  public Sample {
    Objects.requireNonNull(latency, "latency");
    counters = Map.copyOf(counters);
    if (elapsedNanos <= 0) {
      throw new IllegalArgumentException("elapsedNanos must be > 0 but was " + elapsedNanos);
    }
  }

  /**
   * A sample known only by its rate (e.g. one JMH iteration).
   *
   * @param eventsPerSecond the measured rate
   */
  public static Sample ofRate(double eventsPerSecond) {
    long events = Math.round(eventsPerSecond);
    return new Sample(
        events, events, 1_000_000_000L, Latency.newHistogram(), events, events, -1, -1, Map.of());
  }

  /** Events per second in the measured window. */
  public double eventsPerSecond() {
    return events * 1e9 / elapsedNanos;
  }

  /** Operations per second in the measured window. */
  public double operationsPerSecond() {
    return operations * 1e9 / elapsedNanos;
  }

  /** Round trips per operation over the whole run, or NaN if not counted. */
  public double roundTripsPerOperation() {
    return roundTrips < 0 || totalOperations == 0 ? Double.NaN : (double) roundTrips / totalOperations;
  }

  /** Bytes allocated per event over the whole run, or NaN if not known. */
  public double allocatedBytesPerEvent() {
    return allocatedBytes < 0 || totalEvents == 0 ? Double.NaN : (double) allocatedBytes / totalEvents;
  }

  /** A counter's value, 0 when absent. */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }
}
