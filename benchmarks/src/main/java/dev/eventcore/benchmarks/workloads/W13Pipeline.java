package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.Latency;
import dev.eventcore.benchmarks.harness.Series;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.examples.order.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * W13: the order pipeline end to end (the demo's scenario: orders, the fulfillment saga with its
 * simulated gateway, four read models) on both adapters, at 1,000, 10,000 and 100,000 orders (the
 * quick profile: 1,000 and 10,000 in memory, 1,000 and 2,000 on PostgreSQL). One run per case:
 * orders/s and events/s from the first order to the last settled, statements and transactions
 * per order (PostgreSQL, counted by the client on the store's connections), read-model lag
 * p50/p99 (from a command's return to current-orders showing the order) and read-model queries/s
 * on the tables while the load runs. Checked against the targets of docs/benchmarks.md. A case
 * has a time budget (10 minutes in the quick profile, 60 in the full): a size that the smaller
 * size's rate says would exceed it is not started, and a run that exceeds it is stopped; either
 * is recorded as not run, with the reason.
 */
public final class W13Pipeline implements Workload {
  /** The longest a case may take in the quick profile; the full profile allows six times more. */
  static final Duration QUICK_BUDGET = Duration.ofMinutes(10);

  private final Optional<List<Integer>> memorySizes;
  private final Optional<List<Integer>> postgresSizes;
  private final String schema;

  /** The sizes of the profile, in the suite's store schema. */
  public W13Pipeline() {
    this.memorySizes = Optional.empty();
    this.postgresSizes = Optional.empty();
    this.schema = Database.STORE_SCHEMA;
  }

  /** Fixed sizes, whatever the profile, in {@code schema} (created and dropped): for tests. */
  W13Pipeline(List<Integer> memorySizes, List<Integer> postgresSizes, String schema) {
    this.memorySizes = Optional.of(List.copyOf(memorySizes));
    this.postgresSizes = Optional.of(List.copyOf(postgresSizes));
    this.schema = schema;
  }

  @Override
  public String id() {
    return "W13";
  }

  @Override
  public String title() {
    return "the order pipeline end to end: commands, fulfillment saga, four read models";
  }

  @Override
  public boolean needsDatabase() {
    return false; // the PostgreSQL cases say "not run" without a server
  }

  @Override
  public void run(Bench bench) throws Exception {
    boolean full = bench.profile().name().equals("full");
    Duration budget = full ? QUICK_BUDGET.multipliedBy(6) : QUICK_BUDGET;
    double rate = Double.NaN;
    for (int orders : memorySizes.orElse(full ? List.of(1_000, 10_000, 100_000)
        : List.of(1_000, 10_000))) {
      if (tooLong(bench, "memory", orders, rate, budget)) {
        continue;
      }
      bench.progress(String.format(Locale.ROOT, "  in memory, %,d orders", orders));
      try {
        rate = record(bench,
            result(bench, "memory", orders, PipelineCase.inMemory(orders, budget)));
      } catch (PipelineCase.OverBudget e) {
        bench.record(CaseResult.skipped(id(), name("memory", orders), params("memory", orders),
            e.getMessage()));
        rate = 0; // larger sizes are not tried
      }
    }
    rate = Double.NaN;
    for (int orders : postgresSizes.orElse(full ? List.of(1_000, 10_000, 100_000)
        : List.of(1_000, 2_000))) {
      if (!bench.hasDatabase()) {
        bench.record(CaseResult.skipped(id(), name("postgres", orders), params("postgres", orders),
            "no PostgreSQL server reachable"));
        continue;
      }
      if (tooLong(bench, "postgres", orders, rate, budget)) {
        continue;
      }
      bench.progress(String.format(Locale.ROOT, "  PostgreSQL, %,d orders", orders));
      try {
        rate = record(bench, result(bench, "postgres", orders,
            PipelineCase.postgres(bench.database(), schema, orders, budget)));
      } catch (PipelineCase.OverBudget e) {
        bench.record(CaseResult.skipped(id(), name("postgres", orders),
            params("postgres", orders), e.getMessage()));
        rate = 0;
      }
    }
  }

  /** Records {@code result}; its orders/s. */
  private static double record(Bench bench, CaseResult result) {
    bench.record(result);
    return result.subject().orElseThrow().medianOperationRate();
  }

  /**
   * Whether the rate of the previous, smaller size predicts more than {@code budget} for this one
   * (or the smaller size went over it); if so, records it as not run.
   */
  private boolean tooLong(Bench bench, String store, int orders, double previousRate,
      Duration budget) {
    double seconds = orders / previousRate;
    if (Double.isNaN(seconds) || seconds <= budget.toSeconds()) {
      return false;
    }
    String why = previousRate == 0 ? "the smaller size went over the time budget"
        : String.format(Locale.ROOT, "at the %,.0f orders/s of the smaller size it would take"
            + " more than %d minutes", previousRate, budget.toMinutes());
    bench.record(CaseResult.skipped(id(), name(store, orders), params(store, orders), why));
    return true;
  }

  private static Map<String, String> params(String store, int orders) {
    return Map.of("store", store, "orders", String.valueOf(orders));
  }

  static String name(String store, int orders) {
    return "W13 " + store + " orders=" + orders;
  }

  private CaseResult result(Bench bench, String store, int orders, PipelineCase.Measured m) {
    Series series = new Series(Labels.EVENTCORE + " (" + store + ")", List.of(m.sample()));
    double rate = series.medianOperationRate();
    Latency lag = series.latency();
    List<Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "%,.0f orders/s, %,.0f events/s (%.1f events per order);"
            + " read-model lag p50 %.1f ms, p99 %.1f ms (%,d samples)", rate,
        series.medianRate(), (double) m.result().eventsWritten() / orders, lag.p50() / 1e3,
        lag.p99() / 1e3, lag.count()));
    notes.add("outcome: " + m.byStatus().getOrDefault(OrderStatus.DELIVERED, 0L) + " delivered, "
        + m.byStatus().getOrDefault(OrderStatus.CANCELLED, 0L) + " cancelled (seed "
        + PipelineCase.SEED + ")");
    if (store.equals("memory") && orders == 10_000) {
      checks.add(Check.atLeast("≥ 2,000 orders/s in memory at 10,000 orders", rate, 2_000));
    }
    if (store.equals("memory") && orders == 100_000) {
      double at10k = bench.result(name(store, 10_000))
          .flatMap(CaseResult::subject).map(Series::medianOperationRate).orElse(Double.NaN);
      checks.add(Check.atLeast("≥ 0.8 × the rate at 10,000 orders", rate / at10k, 0.8));
    }
    if (m.statements().isPresent()) {
      double statements = (double) m.statements().get() / orders;
      double transactions = (double) m.transactions().orElseThrow() / orders;
      double queries = m.queriesPerSecond().orElseThrow();
      notes.add(String.format(Locale.ROOT, "%.1f statements and %.1f transactions per order"
              + " (client-side count on the store's connections); %,.0f read-model queries/s"
              + " from %d threads during the load", statements, transactions, queries,
          PipelineCase.QUERY_THREADS));
      if (orders == 2_000) {
        checks.add(Check.atLeast("≥ 300 orders/s on PostgreSQL at 2,000 orders", rate, 300));
        checks.add(Check.atMost("≤ 15 statements per order", statements, 15));
        checks.add(Check.atMost("read-model lag p99 < 100 ms", lag.p99() / 1e3, 100));
        checks.add(Check.atLeast("≥ 10,000 read-model queries/s", queries, 10_000));
      }
    }
    return new CaseResult(id(), name(store, orders),
        params(store, orders), Optional.of(series), List.of(),
        checks, notes, Optional.empty());
  }
}
