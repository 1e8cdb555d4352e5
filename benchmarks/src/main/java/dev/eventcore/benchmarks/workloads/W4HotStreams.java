package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.Locale;

/**
 * W4: 16 threads append one event at a time to 4 shared streams with exact expected versions,
 * retrying on conflict. Reports successful appends/s and the conflict rate (conflicts per attempt);
 * the raw single insert at 16 threads on distinct streams is shown for scale (no target).
 */
public final class W4HotStreams implements Workload {
  private static final int THREADS = 16;
  private static final int STREAMS = 4;

  @Override
  public String id() {
    return "W4";
  }

  @Override
  public String title() {
    return "hot streams: 16 threads on 4 streams with retries";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(false)) {
      LoadPlan plan = bench.profile().plan(THREADS);
      CaseResult result = bench.newCase(id(), id() + " threads=16 streams=4")
          .param("threads", THREADS).param("streams", STREAMS)
          .baseline(Labels.RAW_SINGLE, bench.trial(plan, bench.raw().singleInsert()))
          .subject(Labels.EVENTCORE,
              bench.trial(plan, LibraryLoads.hotStreams(handle.store(), "hot", STREAMS)))
          .run();
      Series ours = result.subject().orElseThrow();
      long conflicts = ours.counter(LibraryLoads.CONFLICTS);
      long successes = ours.totalOperations();
      bench.record(result.withNote(String.format(Locale.ROOT,
          "conflict rate %.1f%% (%d conflicts for %d successful appends); raw is distinct streams, for scale",
          100.0 * conflicts / Math.max(1, conflicts + successes), conflicts, successes)));
    }
  }
}
