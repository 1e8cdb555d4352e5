package dev.eventcore.benchmarks.workloads;

import dev.eventcore.GlobalPosition;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.List;
import java.util.Locale;

/**
 * W8: replay of the store-wide log ({@code readAll} in pages of {@value LibraryLoads#REPLAY_PAGE})
 * into records, against one streaming SELECT of the same rows decoded with the same mapper (the
 * main ratio) and undecoded. 1M events in the full profile, fewer in quick.
 */
public final class W8Replay implements Workload {

  @Override
  public String id() {
    return "W8";
  }

  @Override
  public String title() {
    return "readAll replay into records";
  }

  @Override
  public void run(Bench bench) throws Exception {
    int events = bench.profile().replayEvents();
    bench.raw().truncate();
    try (StoreHandle handle = bench.openStore(false)) {
      bench.progress(String.format(Locale.ROOT, "  prefilling %,d events", events));
      long rawAfter = bench.raw().lastPosition();
      bench.raw().prefill("replay", events / 1_000, 1_000);
      LibraryLoads.prefill(handle.store(), "replay", events / 1_000, 1_000);
      CaseResult result = replay(bench, handle, id(), id() + " events=" + events, GlobalPosition.START,
          rawAfter, events);
      bench.record(result.withChecks(List.of(
          Check.atLeast("≥ 0.9 × raw read (decoded)", result.ratioTo(Labels.RAW_READ), 0.9))));
    }
  }

  /**
   * Measures one replay case of {@code events} events after the given positions, after one
   * untimed warm-up replay of each side. Also used by W11.
   */
  static CaseResult replay(Bench bench, StoreHandle handle, String workload, String name,
      GlobalPosition after,
      long rawAfter, int events) throws Exception {
    LoadPlan once = LoadPlan.once();
    var library = bench.trial(once, LibraryLoads.replay(handle.store(), after, events));
    var raw = bench.trial(once, bench.reads().replay(rawAfter, events, true));
    var undecoded = bench.trial(once, bench.reads().replay(rawAfter, events, false));
    library.run();
    raw.run();
    return bench.newCase(workload, name).param("events", events)
        .baseline(Labels.RAW_READ, raw)
        .baseline(Labels.RAW_READ_UNDECODED, undecoded)
        .subject(Labels.EVENTCORE, library)
        .run();
  }
}
