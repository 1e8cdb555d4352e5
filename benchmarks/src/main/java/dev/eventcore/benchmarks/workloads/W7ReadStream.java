package dev.eventcore.benchmarks.workloads;

import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;

/**
 * W7: reading a whole stream of 10, 1,000 and 100,000 events, one thread, against a streaming
 * SELECT of the same rows decoded with the same Jackson mapper. The subject is the streaming
 * {@code readStream(stream, from, action)}, which, like the raw read, decodes and hands on each
 * event without keeping the stream; the list read {@code readStream(stream)}, which keeps it, is
 * reported beside it.
 */
public final class W7ReadStream implements Workload {

  @Override
  public String id() {
    return "W7";
  }

  @Override
  public String title() {
    return "readStream of 10/1,000/100,000-event streams";
  }

  @Override
  public void run(Bench bench) throws Exception {
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(false)) {
      for (int size : bench.profile().streamSizes()) {
        String name = "read-" + size;
        bench.progress("  prefilling streams of " + size + " events");
        LibraryLoads.prefill(handle.store(), name, 1, size);
        bench.raw().prefill(name, 1, size);
        LoadPlan plan = bench.profile().plan(1);
        bench.record(bench.newCase(id(), id() + " events=" + size).param("events", size)
            .baseline(Labels.RAW_READ, bench.trial(plan, bench.reads().readStream(name, true)))
            .baseline(Labels.EVENTCORE + ", whole list",
                bench.trial(plan, LibraryLoads.readStream(handle.store(), StreamId.of(name))))
            .subject(Labels.EVENTCORE,
                bench.trial(plan, LibraryLoads.streamStream(handle.store(), StreamId.of(name))))
            .run());
      }
    }
  }
}
