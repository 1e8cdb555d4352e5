package dev.eventcore.benchmarks.workloads;

import dev.eventcore.GlobalPosition;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.Bench.StoreHandle;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.jackson.JacksonCodec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * W14: the JSON codec (the default, {@code jsonb}) against the binary CBOR codec ({@code bytea}) on
 * the same events, each in a store of its own: single appends and batches of 100 (one thread), and
 * a replay of the log into records; the ratio is CBOR / JSON. The bytes each event takes are
 * noted: its payload column as stored, and the events table (heap, then with its indexes) per
 * event. PostgreSQL only: the in-memory store keeps objects.
 */
public final class W14Codecs implements Workload {
  private static final String JSON = "eventcore json";
  private static final String CBOR = "eventcore cbor";
  private static final String JSON_SCHEMA = Database.STORE_SCHEMA + "_json";
  private static final String CBOR_SCHEMA = Database.STORE_SCHEMA + "_cbor";

  @Override
  public String id() {
    return "W14";
  }

  @Override
  public String title() {
    return "JSON (jsonb) and CBOR (bytea) codecs on the same events";
  }

  @Override
  public void run(Bench bench) throws Exception {
    if (!bench.stores().isPostgres()) {
      bench.record(CaseResult.skipped(id(), id(), Map.of(),
          "codecs are stored by PostgreSQL; the in-memory store keeps objects"));
      return;
    }
    int events = Math.min(bench.profile().replayEvents(), 200_000);
    try (StoreHandle json = bench.openStore(false, JSON_SCHEMA, JacksonCodec.json());
        StoreHandle cbor = bench.openStore(false, CBOR_SCHEMA, JacksonCodec.cbor())) {
      LoadPlan plan = bench.profile().plan(1);
      bench.record(versus(bench, id() + " single appends", plan,
          LibraryLoads.singleAppends(json.store()), LibraryLoads.singleAppends(cbor.store())));
      bench.record(versus(bench, id() + " batch=100", plan,
          LibraryLoads.batchAppends(json.store(), 100),
          LibraryLoads.batchAppends(cbor.store(), 100)));
      bench.progress(String.format(Locale.ROOT, "  prefilling %,d events in each store", events));
      // the replay reads the first events of each log: the append cases' then the prefilled ones
      LibraryLoads.prefill(json.store(), "replay", events / 1_000, 1_000);
      LibraryLoads.prefill(cbor.store(), "replay", events / 1_000, 1_000);
      LoadPlan once = LoadPlan.once();
      GlobalPosition start = GlobalPosition.START;
      var jsonReplay = bench.trial(once, LibraryLoads.replay(json.store(), start, events));
      var cborReplay = bench.trial(once, LibraryLoads.replay(cbor.store(), start, events));
      jsonReplay.run();
      cborReplay.run();
      CaseResult replay = bench.newCase(id(), id() + " replay events=" + events)
          .param("events", events).baseline(JSON, jsonReplay).subject(CBOR, cborReplay).run();
      String sizes = "stored bytes per event: json " + stored(bench, JSON_SCHEMA, "data")
          + "; cbor " + stored(bench, CBOR_SCHEMA, "binary_data");
      bench.record(replay.withNote(sizes));
    }
  }

  /** One case: the same load on the JSON store (the baseline) and on the CBOR store. */
  private static CaseResult versus(Bench bench, String name, LoadPlan plan, WorkerFactory json,
      WorkerFactory cbor) throws Exception {
    return bench.newCase("W14", name).baseline(JSON, bench.trial(plan, json))
        .subject(CBOR, bench.trial(plan, cbor)).run();
  }

  /**
   * "payload 71 B, heap 166 B, with indexes 279 B": the average stored size of the payload column,
   * and the events table's size per event without and with its indexes.
   */
  private static String stored(Bench bench, String schema, String column) throws SQLException {
    String events = "\"" + schema + "\".events";
    try (Connection c = bench.database().pool().getConnection();
        Statement statement = c.createStatement()) {
      statement.execute("VACUUM ANALYZE " + events);
      try (ResultSet row = statement.executeQuery("SELECT avg(pg_column_size(" + column + ")),"
          + " pg_relation_size('" + events + "')::float8 / count(*),"
          + " pg_total_relation_size('" + events + "')::float8 / count(*) FROM " + events)) {
        row.next();
        return String.format(Locale.ROOT, "payload %.0f B, heap %.0f B, with indexes %.0f B",
            row.getDouble(1), row.getDouble(2), row.getDouble(3));
      }
    }
  }
}
