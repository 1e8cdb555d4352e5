package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.Accounts;
import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.AggregateState;
import dev.eventcore.command.CommandContext;
import dev.eventcore.command.CommandResult;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The library's side of the command workloads (W6, W6R): {@link Accounts} aggregates handled
 * through {@link AggregateRepository}, as a user would, with the benchmark's metadata as the
 * command context so library and raw rows are alike.
 */
final class CommandLoads {
  /** Counter name of commands that needed more than one attempt (a conflict retried). */
  static final String RETRIED = "retried";

  private static final CommandContext CONTEXT = new CommandContext(Payloads.metadata());

  private CommandLoads() {}

  /** The cases of a command workload on one adapter. */
  interface AdapterCases {
    void run(EventStore store, String adapter) throws Exception;
  }

  /** Runs {@code cases} on PostgreSQL (when the suite has it, on an emptied table), then in memory. */
  static void onEachAdapter(Bench bench, AdapterCases cases) throws Exception {
    if (bench.hasDatabase() && bench.stores().isPostgres()) {
      bench.raw().truncate();
      try (Bench.StoreHandle handle = bench.openStore(false)) {
        cases.run(handle.store(), "postgres");
      }
    }
    try (EventStore memory = new InMemoryEventStore(Payloads.TYPES)) {
      cases.run(memory, "memory");
    }
  }

  /** A repository on {@code store}, with snapshots in {@code snapshots} every {@code every} events. */
  static AggregateRepository<Post, Account, BenchEvent> repository(
      EventStore store, Optional<SnapshotStore> snapshots, int every) {
    return builder(store, snapshots, every).build();
  }

  /**
   * As {@link #repository}, without the state cache: every load reads and folds (from the snapshot,
   * if any), which is what W6R measures; a cached state would make a load free.
   */
  static AggregateRepository<Post, Account, BenchEvent> uncachedRepository(
      EventStore store, Optional<SnapshotStore> snapshots, int every) {
    return builder(store, snapshots, every).cacheSize(0).build();
  }

  private static AggregateRepository.Builder<Post, Account, BenchEvent> builder(
      EventStore store, Optional<SnapshotStore> snapshots, int every) {
    var builder = AggregateRepository.builder(store, Accounts.DECIDER, BenchEvent.class);
    snapshots.ifPresent(s -> builder.snapshots(s, Account.class, Accounts.STATE_REVISION)
        .snapshotPolicy(SnapshotPolicy.everyEvents(every)));
    return builder;
  }

  /** Each operation handles one {@link Post} on a random one of the streams {@code prefix-i}. */
  static WorkerFactory commands(
      AggregateRepository<Post, Account, BenchEvent> repository, String prefix, int aggregates) {
    return context -> seq -> {
      StreamId stream = StreamId.of(prefix + "-" + ThreadLocalRandom.current().nextInt(aggregates));
      CommandResult result = repository.handle(stream, new Post(stream.value()), CONTEXT);
      if (result.attempts() > 1) {
        context.counters().increment(RETRIED);
      }
      return 1;
    };
  }

  /** Each operation loads {@code stream}; it counts the events the state includes. */
  static WorkerFactory load(AggregateRepository<Post, Account, BenchEvent> repository, StreamId stream) {
    return context -> seq -> repository.load(stream).state().events();
  }

  /**
   * Writes a snapshot of each stream {@code prefix-i} at its current version, as a repository with
   * snapshots would have after its first command on it, so that measuring starts in steady state.
   */
  static void snapshotAll(AggregateRepository<Post, Account, BenchEvent> plain,
      SnapshotStore snapshots, String prefix, int aggregates) {
    for (int i = 0; i < aggregates; i++) {
      String name = aggregates == 1 ? prefix : prefix + "-" + i;
      AggregateState<Account> loaded = plain.load(StreamId.of(name));
      snapshots.save(new Snapshot<>(
          loaded.stream(), loaded.version(), Accounts.STATE_REVISION, loaded.state()));
    }
  }
}
