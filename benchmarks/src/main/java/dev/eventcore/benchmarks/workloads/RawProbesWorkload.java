package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.Locale;

/**
 * P: every raw probe on its own, as absolute figures of this machine: single insert (1 and 16
 * threads), best batch and COPY of 100 and 1,000 rows, and the streaming read of the replay size,
 * decoded and undecoded. Needs no library store, so it runs in every build.
 */
public final class RawProbesWorkload implements Workload {

  @Override
  public String id() {
    return "P";
  }

  @Override
  public String title() {
    return "raw JDBC probes on their own";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    for (int threads : new int[] {1, 16}) {
      LoadPlan plan = bench.profile().plan(threads);
      bench.record(bench.newCase(id(), "P single insert threads=" + threads).param("threads", threads)
          .subject(Labels.RAW_SINGLE, bench.trial(plan, bench.raw().singleInsert())).run());
    }
    LoadPlan one = bench.profile().plan(1);
    for (int size : new int[] {100, 1_000}) {
      bench.record(bench.newCase(id(), "P best batch=" + size).param("batch", size)
          .subject(Labels.RAW_BATCH, bench.trial(one, bench.raw().bestBatch(1, size))).run());
      bench.record(bench.newCase(id(), "P COPY batch=" + size).param("batch", size)
          .subject(Labels.RAW_COPY, bench.trial(one, bench.raw().copy(1, size))).run());
    }
    int events = bench.profile().replayEvents();
    bench.raw().truncate();
    bench.progress(String.format(Locale.ROOT, "  prefilling %,d raw rows", events));
    bench.raw().prefill("probe", events / 1_000, 1_000);
    LoadPlan once = LoadPlan.once();
    bench.trial(once, bench.reads().replay(0, events, true)).run();
    bench.record(bench.newCase(id(), "P read decoded events=" + events).param("events", events)
        .subject(Labels.RAW_READ, bench.trial(once, bench.reads().replay(0, events, true))).run()
        .withNote("when the targets were set, raw reads decoded 110-145k rows/s on this"
            + " machine class"));
    bench.record(bench.newCase(id(), "P read undecoded events=" + events).param("events", events)
        .subject(Labels.RAW_READ_UNDECODED, bench.trial(once, bench.reads().replay(0, events, false)))
        .run().withNote("when the targets were set, raw reads undecoded ran at 175-180k rows/s"
            + " on this machine class"));
  }
}
