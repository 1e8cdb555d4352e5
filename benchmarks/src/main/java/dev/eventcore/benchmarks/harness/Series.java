package dev.eventcore.benchmarks.harness;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The samples of one measured thing across the rounds of a case.
 *
 * @param label what was measured, e.g. {@code "eventcore"} or {@code "raw single insert"}
 * @param samples one per round, in round order
 */
public record Series(String label, List<Sample> samples) {

  /** Validates and copies the arguments. */
  public Series {
    Objects.requireNonNull(label, "label");
    samples = List.copyOf(samples);
  }

  /** The events per second of each round. */
  public List<Double> rates() {
    return samples.stream().map(Sample::eventsPerSecond).collect(Collectors.toList());
  }

  /** The median events per second. */
  public double medianRate() {
    return Stats.median(rates());
  }

  /** The median operations per second. */
  public double medianOperationRate() {
    return Stats.median(samples.stream().map(Sample::operationsPerSecond).collect(Collectors.toList()));
  }

  /** (max - min) / median of the rates. */
  public double spread() {
    return Stats.spread(rates());
  }

  /** The latency over all rounds together. */
  public Latency latency() {
    Histogram all = Latency.newHistogram();
    samples.forEach(s -> all.add(s.latency()));
    return Latency.of(all);
  }

  /** The median round trips per operation, NaN when not counted. */
  public double roundTripsPerOperation() {
    return Stats.median(samples.stream().map(Sample::roundTripsPerOperation).collect(Collectors.toList()));
  }

  /** The median bytes allocated per event, NaN when unknown. */
  public double allocatedBytesPerEvent() {
    return Stats.median(samples.stream().map(Sample::allocatedBytesPerEvent).collect(Collectors.toList()));
  }

  /** The sum of a counter over all rounds. */
  public long counter(String name) {
    return samples.stream().mapToLong(s -> s.counter(name)).sum();
  }

  /** The sum of the whole-run operations over all rounds. */
  public long totalOperations() {
    return samples.stream().mapToLong(Sample::totalOperations).sum();
  }
}
