package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Workload;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * W11: does the store slow down as it grows? W1 (1 and 16 threads) and W8 are measured on an empty
 * store, the store is grown to the profile's size (10M events in full; skipped in quick), and both
 * are measured again. The raw tables stay small, so the raw probes measure the machine's state at
 * each point: growth = (ours/raw at 10M) / (ours/raw when empty), which cancels drift between the
 * two points. Target ≥ 0.8. Then every grown stream but the replayed ones is archived (all but
 * its last event: the hot log shrinks back to one event per stream) and both are measured a third
 * time; the time to archive is reported.
 */
public final class W11Growth implements Workload {
  private static final int REPLAY = 1_000_000;

  @Override
  public String id() {
    return "W11";
  }

  @Override
  public String title() {
    return "growth: W1/W8 again on a store of 10M events";
  }

  @Override
  public void run(Bench bench) throws Exception {
    long size = bench.profile().growthEvents();
    if (size == 0) {
      bench.record(CaseResult.skipped(id(), id(), Map.of(),
          "full profile only: growing the store to 10M events takes minutes"));
      return;
    }
    bench.raw().truncate();
    int replay = (int) Math.min(REPLAY, size / 2);
    bench.raw().prefill("growth-raw", replay / 1_000, 1_000);
    try (StoreHandle handle = bench.openStore(false)) {
      LibraryLoads.prefill(handle.store(), "growth-a", replay / 1_000, 1_000);
      CaseResult emptyRead = W8Replay.replay(bench, handle, id(), id() + " replay@empty",
          GlobalPosition.START, 0, replay);
      bench.record(emptyRead);
      List<CaseResult> emptyWrites =
          List.of(appends(bench, handle, 1, "empty"), appends(bench, handle, 16, "empty"));
      emptyWrites.forEach(bench::record);
      bench.progress(String.format(Locale.ROOT, "  growing the store to %,d events", size));
      int streams = (int) (size / 1_000);
      GlobalPosition tail =
          LibraryLoads.prefill(handle.store(), "growth-b", streams - 2 * (replay / 1_000), 1_000);
      LibraryLoads.prefill(handle.store(), "growth-c", replay / 1_000, 1_000);
      CaseResult grownRead = W8Replay.replay(bench, handle, id(), id() + " replay@" + size, tail, 0, replay);
      bench.record(grownRead.withChecks(List.of(growth(grownRead, emptyRead))));
      for (CaseResult empty : emptyWrites) {
        int threads = Integer.parseInt(empty.params().get("threads"));
        CaseResult grown = appends(bench, handle, threads, String.valueOf(size));
        bench.record(grown.withChecks(List.of(growth(grown, empty))));
      }
      String archived = archive(bench, handle.store(), replay / 1_000, streams - 2 * (replay / 1_000));
      CaseResult archivedRead = W8Replay.replay(bench, handle, id(),
          id() + " replay@" + size + " archived", tail, 0, replay).withNote(archived);
      bench.record(archivedRead.withChecks(List.of(growth(archivedRead, emptyRead))));
      for (CaseResult empty : emptyWrites) {
        int threads = Integer.parseInt(empty.params().get("threads"));
        CaseResult grown = appends(bench, handle, threads, size + " archived");
        bench.record(grown.withChecks(List.of(growth(grown, empty))));
      }
    }
  }

  /**
   * Archives all but the last event of the streams growth-a-* and growth-b-* ({@code a} and
   * {@code b} of them); says how many events moved and how fast.
   */
  private static String archive(Bench bench, EventStore store, int a, int b) {
    bench.progress("  archiving the grown history");
    long started = System.nanoTime();
    long moved = 0;
    for (int s = 0; s < a + b; s++) {
      // named as LibraryLoads.prefill names them
      String name = s < a ? (a == 1 ? "growth-a" : "growth-a-" + s)
          : (b == 1 ? "growth-b" : "growth-b-" + (s - a));
      moved += store.archiveStream(StreamId.of(name), Version.of(Long.MAX_VALUE));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String note = String.format(Locale.ROOT, "archived %,d events of %,d streams in %.1f s"
        + " (%,.0f events/s) before this case", moved, a + b, seconds, moved / seconds);
    bench.progress("  " + note);
    return note;
  }

  private CaseResult appends(Bench bench, StoreHandle handle, int threads, String at) throws Exception {
    LoadPlan plan = bench.profile().plan(threads);
    return bench.newCase(id(), id() + " appends threads=" + threads + "@" + at)
        .param("threads", threads)
        .baseline(Labels.RAW_SINGLE, bench.trial(plan, bench.raw().singleInsert()))
        .subject(Labels.EVENTCORE, bench.trial(plan, LibraryLoads.singleAppends(handle.store())))
        .run();
  }

  private static Check growth(CaseResult grown, CaseResult empty) {
    String label = grown.baselines().get(0).label();
    return Check.atLeast("≥ 0.8 × the empty store", grown.ratioTo(label) / empty.ratioTo(label), 0.8);
  }
}
