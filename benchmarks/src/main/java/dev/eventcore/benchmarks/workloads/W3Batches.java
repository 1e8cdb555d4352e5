package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.List;

/**
 * W3: appends of 10, 100 and 1,000 events to a new stream, one thread, against the same rows in
 * one {@code unnest} INSERT per commit (the main ratio) and in one binary COPY.
 */
public final class W3Batches implements Workload {

  @Override
  public String id() {
    return "W3";
  }

  @Override
  public String title() {
    return "batch appends of 10/100/1,000 events";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(false)) {
      LoadPlan plan = bench.profile().plan(1);
      for (int size : bench.profile().batchSizes()) {
        CaseResult result = bench.newCase(id(), id() + " batch=" + size).param("batch", size)
            .baseline(Labels.RAW_BATCH, bench.trial(plan, bench.raw().bestBatch(1, size)))
            .baseline(Labels.RAW_COPY, bench.trial(plan, bench.raw().copy(1, size)))
            .subject(Labels.EVENTCORE, bench.trial(plan, LibraryLoads.batchAppends(handle.store(), size)))
            .run();
        if (size == 100) {
          result = result.withChecks(List.of(
              Check.atLeast("≥ 0.9 × raw best batch", result.ratioTo(Labels.RAW_BATCH), 0.9)));
        }
        bench.record(result);
      }
    }
  }
}
