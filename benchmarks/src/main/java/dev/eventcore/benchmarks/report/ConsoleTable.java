package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Latency;
import dev.eventcore.benchmarks.harness.Series;
import java.util.ArrayList;
import java.util.List;

/** Renders the results as a fixed-width table for the console. Pure. */
public final class ConsoleTable {
  private static final String[] HEADER = {
    "case", "events/s", "spread", "p50 ms", "p99 ms", "p99.9 ms", "ratio to raw", "target",
    "RT/op", "B/event", "flags"
  };

  private ConsoleTable() {}

  /** The table, one row per case, columns padded to their widest cell. */
  public static String render(Report report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (CaseResult result : report.results()) {
      rows.add(row(result));
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        boolean left = i == 0 || i == 6 || i == 7 || i == 10;
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(left ? cell + pad : pad + cell).append(i == row.length - 1 ? "" : "  ");
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
      }
    }
    return out.toString();
  }

  static String[] row(CaseResult result) {
    if (result.skipped().isPresent() || result.subject().isEmpty()) {
      return new String[] {
        result.name(), "-", "-", "-", "-", "-", "-", "-", "-", "-",
        "not run: " + result.skipped().orElse("no subject")
      };
    }
    Series subject = result.subject().get();
    Latency latency = subject.latency();
    boolean hasLatency = latency.count() > 0;
    return new String[] {
      result.name(),
      Format.rate(subject.medianRate()),
      Format.percent(subject.spread()),
      hasLatency ? Format.millis(latency.p50()) : "-",
      hasLatency ? Format.millis(latency.p99()) : "-",
      hasLatency ? Format.millis(latency.p999()) : "-",
      Format.mainRatio(result),
      Format.verdicts(result),
      Format.decimal(subject.roundTripsPerOperation()),
      Format.number(subject.allocatedBytesPerEvent()),
      result.noisy() ? "noisy" : ""
    };
  }
}
