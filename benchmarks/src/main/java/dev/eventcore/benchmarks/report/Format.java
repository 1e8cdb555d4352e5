package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Series;
import java.util.Locale;

/** Number formats shared by the renderers. Pure functions; NaN renders as "-". */
final class Format {
  private Format() {}

  static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static String millis(double micros) {
    return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000);
  }

  static String decimal(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  static String number(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** The main baseline and the ratio to it, e.g. {@code "0.97× raw single insert"}, or "-". */
  static String mainRatio(CaseResult result) {
    if (result.baselines().isEmpty()) {
      return "-";
    }
    Series main = result.baselines().get(0);
    return ratio(result.ratioTo(main.label())) + " " + main.label();
  }

  /** The verdicts of the case's checks, e.g. {@code "pass"}, {@code "MISS"}, or "-". */
  static String verdicts(CaseResult result) {
    if (result.checks().isEmpty()) {
      return "-";
    }
    return result.checks().stream().allMatch(c -> c.passed()) ? "pass" : "MISS";
  }
}
