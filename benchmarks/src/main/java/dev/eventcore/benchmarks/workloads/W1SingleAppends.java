package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W1 (and, with group commit, W2): single-event appends to distinct new streams at 1, 4 and 16
 * threads, closed loop, against one prepared INSERT per commit; then a fixed-rate run at half the
 * raw 4-thread throughput, where latency counts from each operation's scheduled start.
 */
public final class W1SingleAppends implements Workload {
  private final boolean groupCommit;

  /** W1 ({@code groupCommit} false) or W2 (true). */
  public W1SingleAppends(boolean groupCommit) {
    this.groupCommit = groupCommit;
  }

  @Override
  public String id() {
    return groupCommit ? "W2" : "W1";
  }

  @Override
  public String title() {
    return groupCommit
        ? "single-event appends with group commit, 1/4/16 threads, distinct streams"
        : "single-event appends, 1/4/16 threads, distinct streams";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(groupCommit)) {
      for (int threads : bench.profile().threads()) {
        LoadPlan plan = bench.profile().plan(threads);
        var spec = bench.newCase(id(), id() + " threads=" + threads).param("threads", threads)
            .baseline(Labels.RAW_SINGLE, bench.trial(plan, bench.raw().singleInsert()));
        if (groupCommit) {
          // what a perfect coalescer of `threads` callers could do: their rows in one statement
          spec.baseline(Labels.RAW_BATCH, bench.trial(plan.withThreads(1), bench.raw().bestBatch(threads, 1)));
        }
        CaseResult result = spec.subject(Labels.EVENTCORE,
            bench.trial(plan, LibraryLoads.singleAppends(handle.store()))).run();
        bench.record(result.withChecks(checks(bench, threads, result)));
      }
      if (!groupCommit && bench.profile().threads().contains(4)) {
        fixedRate(bench, handle);
      }
    }
  }

  private List<Check> checks(Bench bench, int threads, CaseResult result) {
    List<Check> checks = new ArrayList<>();
    double ratio = result.ratioTo(Labels.RAW_SINGLE);
    if (groupCommit && threads == 16) {
      checks.add(Check.atLeast("≥ 3 × raw single insert", ratio, 3));
    } else if (!groupCommit && threads == 1) {
      checks.add(Check.atLeast("≥ 0.95 × raw single insert", ratio, 0.95));
      double p99 = result.subject().orElseThrow().latency().p99();
      checks.add(Check.atMost("p99 ≤ 4 × commit cost (µs)", p99, 4 * bench.commitCostMicros()));
    } else if (!groupCommit && threads == 16) {
      checks.add(Check.atLeast("≥ 0.9 × raw single insert", ratio, 0.9));
    }
    return checks;
  }

  private void fixedRate(Bench bench, StoreHandle handle) throws Exception {
    double rawRate = bench.result(id() + " threads=4")
        .flatMap(r -> r.baseline(Labels.RAW_SINGLE))
        .map(s -> s.medianOperationRate()).orElse(Double.NaN);
    if (Double.isNaN(rawRate) || rawRate <= 0) {
      return;
    }
    double rate = rawRate / 2;
    LoadPlan plan = bench.profile().plan(4).atRate(rate);
    CaseResult result = bench.newCase(id(), id() + " fixed-rate threads=4")
        .param("threads", 4).param("rate", Math.round(rate))
        .baseline(Labels.RAW_SINGLE, bench.trial(plan, bench.raw().singleInsert()))
        .subject(Labels.EVENTCORE, bench.trial(plan, LibraryLoads.singleAppends(handle.store())))
        .run();
    double ours = result.subject().orElseThrow().latency().p99();
    double raw = result.baseline(Labels.RAW_SINGLE).orElseThrow().latency().p99();
    bench.record(result.withNote(String.format(Locale.ROOT,
        "fixed rate %.0f appends/s (half the raw closed-loop rate): p99 %.0f µs vs raw %.0f µs (%.2f×)",
        rate, ours, raw, ours / raw)));
  }
}
