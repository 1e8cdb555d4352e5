package dev.eventcore.benchmarks.harness;

import java.time.Duration;
import java.util.Objects;

/**
 * How to drive a load: threads, warm-up, measured window, and closed-loop or fixed-rate.
 *
 * @param threads worker threads, at least 1
 * @param warmup time run before measuring
 * @param measure the measured window
 * @param ratePerSecond 0 for closed loop (each thread starts its next operation when the last one
 *     ends), else the total operations per second of a fixed-rate schedule, latency then counted
 *     from each operation's intended start (no coordinated omission)
 */
public record LoadPlan(int threads, Duration warmup, Duration measure, double ratePerSecond) {

  /** Validates the arguments. */
  public LoadPlan {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
    }
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(measure, "measure");
    if (measure.isZero() || measure.isNegative()) {
      throw new IllegalArgumentException("measure must be positive but was " + measure);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be >= 0 but was " + ratePerSecond);
    }
  }

  /** A closed-loop plan. */
  public static LoadPlan closedLoop(int threads, Duration warmup, Duration measure) {
    return new LoadPlan(threads, warmup, measure, 0);
  }

  /**
   * Exactly one operation, measured, no warm-up: for operations that take seconds, such as the
   * replay of a million events.
   */
  public static LoadPlan once() {
    return new LoadPlan(1, Duration.ZERO, Duration.ofNanos(1), 0);
  }

  /** The same plan at a fixed total rate. */
  public LoadPlan atRate(double operationsPerSecond) {
    return new LoadPlan(threads, warmup, measure, operationsPerSecond);
  }

  /** The same plan with another thread count. */
  public LoadPlan withThreads(int count) {
    return new LoadPlan(count, warmup, measure, ratePerSecond);
  }

  /** Whether operations follow a fixed-rate schedule. */
  public boolean fixedRate() {
    return ratePerSecond > 0;
  }
}
