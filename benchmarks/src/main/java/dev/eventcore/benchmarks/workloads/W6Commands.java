package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.CaseSpec;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.RawCommands;
import dev.eventcore.benchmarks.store.SnapshotStores;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * W6: commands (read, decide, append) through {@code AggregateRepository} on {@value #AGGREGATES}
 * account aggregates of {@value #HISTORY} events each, a random one per command, closed loop at 1
 * and 16 threads, without and with snapshots (every {@value #SNAPSHOT_EVERY} events), on the
 * PostgreSQL store against {@link RawCommands} (read, decode, fold, insert with the unique
 * constraint as the version check) and on the in-memory store (a fresh store per case). Each case
 * gets fresh aggregates.
 */
public final class W6Commands implements Workload {
  /** Aggregates per case. */
  static final int AGGREGATES = 1_000;
  /** Events per aggregate before a case starts. */
  static final int HISTORY = 100;
  /** Snapshot policy of the snapshot cases: every this many events. */
  static final int SNAPSHOT_EVERY = 20;
  /** The raw baseline's label. */
  static final String RAW_COMMANDS = "raw read-fold-insert";

  private static final List<Integer> THREADS = List.of(1, 16);

  @Override
  public String id() {
    return "W6";
  }

  @Override
  public String title() {
    return "commands: read-decide-append on 1,000 aggregates, without and with snapshots";
  }

  @Override
  public boolean needsDatabase() {
    return false;
  }

  @Override
  public void run(Bench bench) throws Exception {
    CommandLoads.onEachAdapter(bench, (store, adapter) -> cases(bench, store, adapter));
  }

  private void cases(Bench bench, EventStore shared, String adapter) throws Exception {
    for (boolean snapshots : List.of(false, true)) {
      for (int threads : THREADS) {
        if (isPostgres(adapter)) {
          runCase(bench, shared, adapter, snapshots, threads);
          continue;
        }
        // in memory, every case gets its own store: at 350k commands/s a full-profile case keeps
        // some 12M events, and four cases in one store outgrew the default heap
        try (EventStore own = new InMemoryEventStore(Payloads.TYPES)) {
          runCase(bench, own, adapter, snapshots, threads);
        }
      }
    }
  }

  private static boolean isPostgres(String adapter) {
    return adapter.equals("postgres");
  }

  private void runCase(Bench bench, EventStore store, String adapter, boolean snapshots,
      int threads) throws Exception {
    boolean raw = isPostgres(adapter);
    String name = String.format(Locale.ROOT, "%s %s threads=%d snapshots=%s",
        id(), adapter, threads, snapshots ? "on" : "off");
    String prefix = "cmd-" + (snapshots ? "s" : "n") + threads;
    bench.progress(String.format(Locale.ROOT, "  prefilling %,d aggregates of %d events",
        AGGREGATES, HISTORY));
    LibraryLoads.prefill(store, prefix, AGGREGATES, HISTORY);
    Optional<SnapshotStore> snapshotStore =
        snapshots ? Optional.of(SnapshotStores.of(store)) : Optional.empty();
    AggregateRepository<Post, Account, BenchEvent> repository =
        CommandLoads.repository(store, snapshotStore, SNAPSHOT_EVERY);
    if (snapshotStore.isPresent()) {
      CommandLoads.snapshotAll(CommandLoads.repository(store, Optional.empty(), SNAPSHOT_EVERY),
          snapshotStore.get(), prefix, AGGREGATES);
    }
    LoadPlan plan = bench.profile().plan(threads);
    CaseSpec spec = bench.newCase(id(), name).param("adapter", adapter)
        .param("threads", threads).param("snapshots", snapshots);
    if (raw) {
      bench.raw().prefill(prefix, AGGREGATES, HISTORY);
      spec.baseline(RAW_COMMANDS,
          bench.trial(plan, new RawCommands(bench.database()).commands(prefix, AGGREGATES)));
    }
    CaseResult result = spec.subject(Labels.EVENTCORE,
        bench.trial(plan, CommandLoads.commands(repository, prefix, AGGREGATES))).run();
    bench.record(withNotes(result, raw && threads == 16));
  }

  private static CaseResult withNotes(CaseResult result, boolean checked) {
    Series ours = result.subject().orElseThrow();
    double rate = ours.medianOperationRate();
    CaseResult noted = result.withNote(String.format(Locale.ROOT,
        "%,.0f commands/s, p50 %.2f ms, p99 %.2f ms; %d retried after a conflict; aggregates had"
            + " %d events at the start and about %.0f at the end",
        rate, ours.latency().p50() / 1_000, ours.latency().p99() / 1_000,
        ours.counter(CommandLoads.RETRIED), HISTORY,
        HISTORY + (double) ours.totalOperations() / AGGREGATES));
    Optional<Series> raw = result.baseline(RAW_COMMANDS);
    if (raw.isPresent()) {
      noted = noted.withNote(String.format(Locale.ROOT,
          "raw (full stream, no snapshot): %,.0f commands/s, p50 %.2f ms, p99 %.2f ms, %d unique"
              + " violations retried",
          raw.get().medianOperationRate(), raw.get().latency().p50() / 1_000,
          raw.get().latency().p99() / 1_000, raw.get().counter(RawCommands.CONFLICTS)));
    }
    if (!checked) {
      return noted;
    }
    List<Check> checks = new ArrayList<>();
    checks.add(Check.atLeast("≥ 4,000 commands/s", rate, 4_000));
    checks.add(Check.atMost("p99 ≤ 10 ms (µs)", ours.latency().p99(), 10_000));
    return noted.withChecks(checks);
  }
}
