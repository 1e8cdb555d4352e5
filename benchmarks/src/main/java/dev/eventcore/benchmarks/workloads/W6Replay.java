package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.RawCommands;
import dev.eventcore.benchmarks.store.SnapshotStores;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.Locale;
import java.util.Optional;

/**
 * W6R: loading one aggregate of {@value #EVENTS} events through {@code AggregateRepository}
 * without its state cache (each load reads and folds), one thread: in full, against a raw read + decode + fold of the same rows (PostgreSQL), and from a
 * snapshot at its last version, against the full load. An operation is one load; events/s counts
 * the aggregate's events, so the ratio is the ratio of loads per second.
 */
public final class W6Replay implements Workload {
  /** Events of the aggregate. */
  static final int EVENTS = 10_000;

  private static final String FULL = "eventcore, no snapshot";
  private static final String RAW_FOLD = "raw read-decode-fold";

  @Override
  public String id() {
    return "W6R";
  }

  @Override
  public String title() {
    return "aggregate load: a 10,000-event aggregate without and with a snapshot";
  }

  @Override
  public boolean needsDatabase() {
    return false;
  }

  @Override
  public void run(Bench bench) throws Exception {
    CommandLoads.onEachAdapter(bench, (store, adapter) -> cases(bench, store, adapter));
  }

  private void cases(Bench bench, EventStore store, String adapter) throws Exception {
    boolean raw = adapter.equals("postgres");
    String name = "aggregate-10k";
    StreamId stream = StreamId.of(name);
    bench.progress(String.format(Locale.ROOT, "  prefilling one aggregate of %,d events", EVENTS));
    LibraryLoads.prefill(store, name, 1, EVENTS);
    SnapshotStore snapshots = SnapshotStores.of(store);
    AggregateRepository<Post, Account, BenchEvent> full =
        CommandLoads.uncachedRepository(store, Optional.empty(), EVENTS);
    AggregateRepository<Post, Account, BenchEvent> fromSnapshot =
        CommandLoads.uncachedRepository(store, Optional.of(snapshots), EVENTS);
    CommandLoads.snapshotAll(full, snapshots, name, 1);
    LoadPlan plan = bench.profile().plan(1);
    if (raw) {
      bench.raw().prefill(name, 1, EVENTS);
      CaseResult result = bench.newCase(id(), id() + " " + adapter + " snapshot=off")
          .param("adapter", adapter).param("events", EVENTS)
          .baseline(RAW_FOLD, bench.trial(plan, new RawCommands(bench.database()).load(name)))
          .subject(Labels.EVENTCORE, bench.trial(plan, CommandLoads.load(full, stream)))
          .run();
      bench.record(result.withNote(loadTimes(result, RAW_FOLD)));
    }
    CaseResult result = bench.newCase(id(), id() + " " + adapter + " snapshot=on")
        .param("adapter", adapter).param("events", EVENTS)
        .baseline(FULL, bench.trial(plan, CommandLoads.load(full, stream)))
        .subject(Labels.EVENTCORE + ", snapshot", bench.trial(plan, CommandLoads.load(fromSnapshot, stream)))
        .run();
    bench.record(result.withNote(loadTimes(result, FULL)));
  }

  private static String loadTimes(CaseResult result, String baseline) {
    Series ours = result.subject().orElseThrow();
    Series theirs = result.baseline(baseline).orElseThrow();
    return String.format(Locale.ROOT,
        "load time per aggregate (p50): %,.1f µs vs %s %,.1f µs; %.1f× the loads/s",
        ours.latency().p50(), baseline, theirs.latency().p50(), result.ratioTo(baseline));
  }
}
