package dev.eventcore.benchmarks.report;

import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.Samples;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.jdbc.ServerInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small report built by hand. */
final class ReportFixtures {
  private ReportFixtures() {}

  static CaseResult w1(int threads, long ours, long raw, long noisyRound) {
    Series subject = new Series("eventcore", List.of(Samples.perSecond(ours),
        Samples.perSecond(ours), Samples.perSecond(noisyRound)));
    Series baseline = new Series("raw single insert", List.of(Samples.perSecond(raw),
        Samples.perSecond(raw), Samples.perSecond(raw)));
    CaseResult result = new CaseResult("W1", "W1 threads=" + threads, Map.of("threads", String.valueOf(threads)),
        Optional.of(subject), List.of(baseline), List.of(), List.of("a note"), Optional.empty());
    return result.withChecks(List.of(Check.atLeast("≥ 0.95 × raw single insert",
        result.ratioTo("raw single insert"), 0.95)));
  }

  static Report report() {
    Environment env = new Environment("2026-11-23T09:00:00Z", "quick", "postgres", 2, "OpenJDK 17",
        "Linux", Optional.of(new ServerInfo("15.20", "on", "on", "fdatasync", "128MB", false)),
        45.0, 1_200.0, List.of("a run note"));
    Map<String, String> workloads = new LinkedHashMap<>();
    workloads.put("W1", "single-event appends");
    workloads.put("W2", "group commit");
    return new Report(env, workloads, List.of(
        w1(1, 1_000, 1_000, 1_000),
        w1(16, 3_000, 4_000, 9_000),
        CaseResult.skipped("W2", "W2", Map.of(), "PostgreSQL adapter not available in this build")));
  }
}
