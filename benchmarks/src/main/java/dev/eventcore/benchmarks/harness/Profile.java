package dev.eventcore.benchmarks.harness;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The sizes of a run. {@link #quick()} takes about three minutes on a 2-core machine; {@link
 * #full()} is the measured run.
 *
 * @param name {@code "quick"} or {@code "full"}
 * @param rounds interleaved rounds per case (median and spread are over these)
 * @param warmup warm-up of each timed run
 * @param measure measured window of each timed run
 * @param threads thread counts of W1/W2
 * @param batchSizes batch sizes of W3
 * @param multiStreamCounts stream counts of W5
 * @param streamSizes stream lengths of W7
 * @param replayEvents events replayed by W8
 * @param growthEvents store size of W11; 0 skips W11
 * @param jmhIterations JMH warm-up and measurement iterations of W12 (each one second)
 */
public record Profile(
    String name,
    int rounds,
    Duration warmup,
    Duration measure,
    List<Integer> threads,
    List<Integer> batchSizes,
    List<Integer> multiStreamCounts,
    List<Integer> streamSizes,
    int replayEvents,
    long growthEvents,
    int jmhIterations) {

  /** Validates and copies the arguments. */
  public Profile {
    Objects.requireNonNull(name, "name");
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1 but was " + rounds);
    }
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(measure, "measure");
    threads = List.copyOf(threads);
    batchSizes = List.copyOf(batchSizes);
    multiStreamCounts = List.copyOf(multiStreamCounts);
    streamSizes = List.copyOf(streamSizes);
  }

  /**
   * About three minutes: 2 rounds of 0.6 s (after 0.15 s warm-up), 50k-event replays and
   * rebuild, no 10M growth run. For a look at a change, not for figures to quote.
   */
  public static Profile quick() {
    return new Profile("quick", 2, Duration.ofMillis(150), Duration.ofMillis(600),
        List.of(1, 4, 16), List.of(10, 100, 1000), List.of(2, 5), List.of(10, 1_000, 50_000),
        50_000, 0, 2);
  }

  /** The measured run: 5 rounds of 5 s, 1M-event replay, growth to 10M events. */
  public static Profile full() {
    return new Profile("full", 5, Duration.ofSeconds(2), Duration.ofSeconds(5),
        List.of(1, 4, 16), List.of(10, 100, 1000), List.of(2, 3, 4, 5), List.of(10, 1_000, 100_000),
        1_000_000, 10_000_000, 5);
  }

  /** This profile with W11 growing the store to {@code events}. */
  public Profile withGrowthEvents(long events) {
    return new Profile(name, rounds, warmup, measure, threads, batchSizes, multiStreamCounts,
        streamSizes, replayEvents, events, jmhIterations);
  }

  /** The profile named {@code name}. */
  public static Profile named(String name) {
    switch (name) {
      case "quick":
        return quick();
      case "full":
        return full();
      default:
        throw new IllegalArgumentException("profile must be quick or full but was '" + name + "'");
    }
  }

  /** A closed-loop plan of this profile with {@code count} threads. */
  public LoadPlan plan(int count) {
    return LoadPlan.closedLoop(count, warmup, measure);
  }
}
