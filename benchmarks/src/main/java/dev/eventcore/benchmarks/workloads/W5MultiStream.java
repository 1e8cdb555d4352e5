package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.Locale;

/**
 * W5: atomic appends of one event to each of 2..5 new streams, 4 threads, against the same rows in
 * one {@code unnest} INSERT per commit. Reports appends/s (an append writes all its streams) and
 * p99.
 */
public final class W5MultiStream implements Workload {
  private static final int THREADS = 4;

  @Override
  public String id() {
    return "W5";
  }

  @Override
  public String title() {
    return "multi-stream appends (2-5 streams), 4 threads";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(false)) {
      LoadPlan plan = bench.profile().plan(THREADS);
      for (int streams : bench.profile().multiStreamCounts()) {
        CaseResult result = bench.newCase(id(), id() + " streams=" + streams)
            .param("streams", streams).param("threads", THREADS)
            .baseline(Labels.RAW_BATCH, bench.trial(plan, bench.raw().bestBatch(streams, 1)))
            .subject(Labels.EVENTCORE, bench.trial(plan, LibraryLoads.multiStream(handle.store(), streams)))
            .run();
        bench.record(result.withNote(String.format(Locale.ROOT, "%,.0f appends/s",
            result.subject().orElseThrow().medianOperationRate())));
      }
    }
  }
}
