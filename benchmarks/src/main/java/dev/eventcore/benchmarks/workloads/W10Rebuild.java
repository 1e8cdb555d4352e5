package dev.eventcore.benchmarks.workloads;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.benchmarks.events.BenchEvent;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.BenchmarkException;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.benchmarks.jdbc.RawRebuild;
import dev.eventcore.postgres.JdbcProjection;
import dev.eventcore.postgres.PostgresCheckpointStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.projection.ProjectionRunner;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * W10: rebuild of a PostgreSQL read model (events and balance per account) by a {@link
 * JdbcProjection} under a {@link ProjectionRunner}, from the whole log, against the same work done
 * by hand on one connection ({@link RawRebuild}). 1M events in the full profile, fewer in quick
 * (the W8 replay size). docs/benchmarks.md sets no threshold: events/s and the ratio are reported.
 */
public final class W10Rebuild implements Workload {
  /** The label of the hand-written baseline. */
  static final String RAW_REBUILD = "raw rebuild";

  private static final String NAME = "w10-accounts";
  private static final String TABLE = Database.STORE_SCHEMA + ".w10_accounts";
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @Override
  public String id() {
    return "W10";
  }

  @Override
  public String title() {
    return "projection rebuild into a PostgreSQL table";
  }

  @Override
  public void run(Bench bench) throws Exception {
    int events = bench.profile().replayEvents();
    String name = "W10 events=" + events;
    if (!bench.stores().isPostgres()) {
      bench.record(CaseResult.skipped(id(), name, Map.of("events", String.valueOf(events)),
          "a JdbcProjection needs the PostgreSQL store"));
      return;
    }
    bench.raw().truncate();
    RawRebuild raw = new RawRebuild(bench.database());
    raw.createTables();
    try (Bench.StoreHandle handle = bench.openStore(false)) {
      bench.progress(String.format(Locale.ROOT, "  prefilling %,d events", events));
      bench.raw().prefill("rebuild", events / 1_000, 1_000);
      GlobalPosition last = LibraryLoads.prefill(handle.store(), "rebuild", events / 1_000, 1_000);
      bench.database().execute(RawRebuild.createTable(TABLE));
      PostgresEventStore store = (PostgresEventStore) handle.store();
      try (ProjectionRunner runner = ProjectionRunner.builder(store, PostgresCheckpointStore.of(store))
          .tick(Duration.ofMillis(20)).build()) {
        runner.register(projection(store));
        CaseResult result = bench.newCase(id(), name).param("events", events)
            .baseline(RAW_REBUILD, bench.trial(LoadPlan.once(), raw.rebuild()))
            .subject(Labels.EVENTCORE, bench.trial(LoadPlan.once(), rebuild(runner, last, events)))
            .run();
        bench.record(result.withNote(String.format(Locale.ROOT,
            "%,.0f events/s rebuilt, %.2f× the hand-written rebuild (batches of %d events)",
            result.subject().orElseThrow().medianRate(), result.ratioTo(RAW_REBUILD),
            JdbcProjection.DEFAULT_MAX_BATCH)));
      }
    }
  }

  /** The read model: one JDBC batch of upserts per batch of events, in its transaction. */
  private static JdbcProjection projection(PostgresEventStore store) {
    String upsert = RawRebuild.upsert(TABLE);
    return JdbcProjection.builder(NAME, store)
        .batchHandler((events, connection) -> {
          try (PreparedStatement up = connection.prepareStatement(upsert)) {
            for (RecordedEvent<?> event : events) {
              up.setString(1, event.streamId().value());
              up.setLong(2, RawRebuild.delta((BenchEvent) event.payload()));
              up.addBatch();
            }
            up.executeBatch();
          }
        })
        .reset(connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + TABLE);
          }
        })
        .build();
  }

  /** Each operation rebuilds the projection and waits until it has committed {@code last}. */
  private static WorkerFactory rebuild(ProjectionRunner runner, GlobalPosition last, int events) {
    return context -> seq -> {
      runner.rebuild(NAME);
      if (!runner.awaitPosition(NAME, last, TIMEOUT)) {
        throw new BenchmarkException("the rebuild did not finish: " + runner.status(NAME));
      }
      return events;
    };
  }
}
