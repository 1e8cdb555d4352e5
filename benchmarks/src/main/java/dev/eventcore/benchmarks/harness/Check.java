package dev.eventcore.benchmarks.harness;

import java.util.Objects;

/**
 * A target of docs/benchmarks.md and whether this run met it.
 *
 * @param target the target as written, e.g. {@code "≥ 0.95 × raw single insert"}
 * @param actual the measured value
 * @param threshold the limit
 * @param atLeast whether {@code actual} must be at least (true) or at most (false) the threshold
 */
public record Check(String target, double actual, double threshold, boolean atLeast) {

  /** Validates the arguments. */
  public Check {
    Objects.requireNonNull(target, "target");
  }

  /** A check that {@code actual >= threshold}. */
  public static Check atLeast(String target, double actual, double threshold) {
    return new Check(target, actual, threshold, true);
  }

  /** A check that {@code actual <= threshold}. */
  public static Check atMost(String target, double actual, double threshold) {
    return new Check(target, actual, threshold, false);
  }

  /** Whether the target was met; a NaN value never passes. */
  public boolean passed() {
    if (Double.isNaN(actual) || Double.isNaN(threshold)) {
      return false;
    }
    return atLeast ? actual >= threshold : actual <= threshold;
  }

  /** {@code "pass"} or {@code "MISS"}. */
  public String verdict() {
    return passed() ? "pass" : "MISS";
  }
}
