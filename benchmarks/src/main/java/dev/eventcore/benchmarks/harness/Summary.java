package dev.eventcore.benchmarks.harness;

import java.util.Locale;
import java.util.stream.Collectors;

/** One-line summaries of results, for progress output. Pure functions. */
public final class Summary {
  private Summary() {}

  /** E.g. {@code "W1 threads=4: 2,310 ev/s ±3% p99 2.1 ms | raw single insert 0.97× | pass"}. */
  public static String line(CaseResult result) {
    if (result.skipped().isPresent()) {
      return result.name() + ": not run (" + result.skipped().get() + ")";
    }
    StringBuilder line = new StringBuilder(result.name()).append(": ");
    result.subject().ifPresent(s -> {
      line.append(String.format(Locale.ROOT, "%,.0f ev/s ±%.0f%%", s.medianRate(), s.spread() * 100));
      if (s.latency().count() > 0) {
        line.append(" p99 ").append(millis(s.latency().p99()));
      }
    });
    for (Series baseline : result.baselines()) {
      line.append(String.format(Locale.ROOT, " | %.2f× %s", result.ratioTo(baseline.label()),
          baseline.label()));
    }
    if (!result.checks().isEmpty()) {
      line.append(" | ").append(result.checks().stream()
          .map(c -> c.verdict() + " " + c.target()).collect(Collectors.joining(", ")));
    }
    if (result.noisy()) {
      line.append(" | noisy");
    }
    return line.toString();
  }

  /** Microseconds as milliseconds with three decimals, e.g. {@code "1.234 ms"}. */
  public static String millis(double micros) {
    return String.format(Locale.ROOT, "%.3f ms", micros / 1000);
  }
}
