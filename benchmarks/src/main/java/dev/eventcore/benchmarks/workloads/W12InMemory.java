package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jmh.InMemoryStoreBenchmark;
import dev.eventcore.benchmarks.jmh.JmhRunner;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * W12: the in-memory store under JMH, one thread: single-event appends/s and replay events/s,
 * against the absolute targets of docs/benchmarks.md (no raw baseline: there is no database). Each JMH
 * measurement iteration is one round. There is no codec in the core yet, so no codec benchmark.
 */
public final class W12InMemory implements Workload {

  @Override
  public String id() {
    return "W12";
  }

  @Override
  public String title() {
    return "in-memory store: append and replay (JMH, one thread)";
  }

  @Override
  public boolean needsDatabase() {
    return false;
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.progress("  JMH: " + bench.profile().jmhIterations()
        + " warm-up + measurement iterations of 1 s each, one fork");
    Map<String, JmhRunner.Measured> measured =
        JmhRunner.run(InMemoryStoreBenchmark.class, bench.profile().jmhIterations());
    record(bench, measured.get("append"), "W12 append", "≥ 2M appends/s", 2_000_000, "event");
    record(bench, measured.get("replay"), "W12 replay", "≥ 20M events/s replay", 20_000_000, "event");
  }

  private void record(Bench bench, JmhRunner.Measured measured, String name, String target,
      double threshold, String unit) {
    if (measured == null) {
      bench.record(CaseResult.skipped(id(), name, Map.of(), "JMH returned no result"));
      return;
    }
    Series series = new Series(Labels.EVENTCORE + " (in memory)", measured.iterations());
    CaseResult result = new CaseResult(id(), name, Map.of("threads", "1"), Optional.of(series),
        List.of(), List.of(Check.atLeast(target, series.medianRate(), threshold)),
        List.of(String.format(Locale.ROOT, "%.0f bytes allocated per %s (JMH gc.alloc.rate.norm)",
            measured.bytesPerOperation(), unit)),
        Optional.empty());
    bench.record(result);
  }
}
