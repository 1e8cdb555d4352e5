package dev.eventcore.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/** Robust statistics over the rounds of a case. Pure functions. */
public final class Stats {

  /** A spread above this fraction of the median flags a case "noisy". */
  public static final double NOISY_SPREAD = 0.10;

  private Stats() {}

  /** The median; NaN for no values (NaN values are ignored). */
  public static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The spread: (max - min) / median, a fraction. 0 for fewer than two values, NaN when the median
   * is 0 or undefined.
   */
  public static double spread(List<Double> values) {
    double[] finite = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
    if (finite.length < 2) {
      return finite.length == 0 ? Double.NaN : 0;
    }
    double median = median(values);
    if (median == 0 || Double.isNaN(median)) {
      return Double.NaN;
    }
    double min = Arrays.stream(finite).min().orElseThrow();
    double max = Arrays.stream(finite).max().orElseThrow();
    return (max - min) / Math.abs(median);
  }

  /** Whether a spread is above {@link #NOISY_SPREAD}. */
  public static boolean isNoisy(double spread) {
    return !Double.isNaN(spread) && spread > NOISY_SPREAD;
  }
}
