package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.Latency;
import dev.eventcore.benchmarks.harness.Series;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders the Markdown report: the environment first, how to read the figures, the charts, one
 * section per workload with every series and its ratio to its raw probe, and a summary of the
 * targets. Pure.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /**
   * The report text.
   *
   * @param charts the chart files written beside the report, embedded by name
   */
  public static String render(Report report, Collection<String> charts) {
    StringBuilder md = new StringBuilder("# eventcore benchmark report\n\n");
    environment(md, report.environment());
    md.append("## How to read this\n\n")
        .append("- Every workload runs in interleaved rounds with its raw-JDBC probe (ABBA order); ")
        .append("a **ratio** is the median over rounds of ours / raw, paired round by round.\n")
        .append("- **spread** = (max - min) / median of the rounds; above 10% the case is flagged **noisy**.\n")
        .append("- Latency (ms) runs from each operation's intended start (HdrHistogram), over all rounds.\n")
        .append("- **RT/op**: JDBC round trips per operation counted by the driver proxy (statement ")
        .append("executions, commits, rollbacks; not cursor fetches or COPY). **B/event**: bytes allocated ")
        .append("by all JVM threads per event, warm-up included.\n\n");
    if (!charts.isEmpty()) {
      md.append("## Charts\n\n");
      charts.forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
    }
    for (Map.Entry<String, String> workload : report.workloads().entrySet()) {
      List<CaseResult> cases = report.casesOf(workload.getKey());
      md.append("## ").append(workload.getKey()).append(": ").append(workload.getValue()).append("\n\n");
      if (cases.isEmpty()) {
        md.append("No case recorded.\n\n");
        continue;
      }
      md.append("| case | series | events/s | ops/s | spread | p50 | p95 | p99 | p99.9 | ratio | RT/op | B/event |\n")
          .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (CaseResult result : cases) {
        if (result.skipped().isPresent()) {
          md.append("| ").append(result.name()).append(" | not run: ").append(result.skipped().get())
              .append(" | | | | | | | | | | |\n");
          continue;
        }
        result.subject().ifPresent(s -> row(md, result, s, "-"));
        for (Series baseline : result.baselines()) {
          row(md, result, baseline, Format.ratio(result.ratioTo(baseline.label())));
        }
      }
      md.append('\n');
      for (CaseResult result : cases) {
        for (Check check : result.checks()) {
          md.append("- ").append(result.name()).append(": **").append(check.verdict()).append("** ")
              .append(check.target()).append(" (measured ").append(Format.decimal(check.actual()))
              .append(", limit ").append(Format.decimal(check.threshold())).append(")\n");
        }
        if (result.noisy()) {
          md.append("- ").append(result.name()).append(": noisy (spread above 10%), rerun before trusting it\n");
        }
        result.notes().forEach(n -> md.append("- ").append(result.name()).append(": ").append(n).append('\n'));
      }
      md.append('\n');
    }
    targets(md, report);
    return md.toString();
  }

  private static void environment(StringBuilder md, Environment env) {
    md.append("## Environment\n\n| | |\n| --- | --- |\n");
    cell(md, "started", env.startedAt());
    cell(md, "profile", env.profile());
    cell(md, "library store", env.store());
    cell(md, "CPUs", String.valueOf(env.cpus()));
    cell(md, "JDK", env.jdk());
    cell(md, "OS", env.os());
    if (env.server().isPresent()) {
      var server = env.server().get();
      cell(md, "PostgreSQL", server.version());
      cell(md, "fsync / synchronous_commit", server.fsync() + " / " + server.synchronousCommit());
      cell(md, "wal_sync_method / shared_buffers", server.walSyncMethod() + " / " + server.sharedBuffers());
    } else {
      cell(md, "PostgreSQL", "not reachable");
    }
    cell(md, "round trip (SELECT 1, median)", Format.millis(env.roundTripMicros()) + " ms");
    cell(md, "commit cost (durable commit, median)", Format.millis(env.commitCostMicros()) + " ms");
    md.append('\n');
    env.notes().forEach(n -> md.append("> ").append(n).append("\n\n"));
  }

  private static void row(StringBuilder md, CaseResult result, Series series, String ratio) {
    Latency l = series.latency();
    boolean timed = l.count() > 0;
    md.append("| ").append(result.name()).append(" | ").append(series.label())
        .append(" | ").append(Format.rate(series.medianRate()))
        .append(" | ").append(Format.rate(series.medianOperationRate()))
        .append(" | ").append(Format.percent(series.spread()))
        .append(" | ").append(timed ? Format.millis(l.p50()) : "-")
        .append(" | ").append(timed ? Format.millis(l.p95()) : "-")
        .append(" | ").append(timed ? Format.millis(l.p99()) : "-")
        .append(" | ").append(timed ? Format.millis(l.p999()) : "-")
        .append(" | ").append(ratio)
        .append(" | ").append(Format.decimal(series.roundTripsPerOperation()))
        .append(" | ").append(Format.number(series.allocatedBytesPerEvent()))
        .append(" |\n");
  }

  private static void targets(StringBuilder md, Report report) {
    md.append("## Targets\n\n| case | target | measured | limit | result |\n| --- | --- | ---: | ---: | --- |\n");
    for (CaseResult result : report.results()) {
      for (Check check : result.checks()) {
        md.append("| ").append(result.name()).append(" | ").append(check.target())
            .append(" | ").append(Format.decimal(check.actual()))
            .append(" | ").append(Format.decimal(check.threshold()))
            .append(" | ").append(check.verdict()).append(result.noisy() ? " (noisy)" : "").append(" |\n");
      }
    }
    md.append('\n');
  }

  private static void cell(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value).append(" |\n");
  }
}
