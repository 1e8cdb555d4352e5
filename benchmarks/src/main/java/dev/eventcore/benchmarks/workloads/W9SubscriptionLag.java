package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Bench;
import dev.eventcore.benchmarks.harness.BenchmarkException;
import dev.eventcore.benchmarks.harness.CaseResult;
import dev.eventcore.benchmarks.harness.Check;
import dev.eventcore.benchmarks.harness.LoadPlan;
import dev.eventcore.benchmarks.harness.Sample;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import dev.eventcore.benchmarks.harness.Workload;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * W9: subscription lag at fixed append rates (1,000 and 5,000 appends/s): the time from an append's
 * acknowledgement to its writer to the event's delivery to a subscriber, in the same JVM and in
 * another JVM (a {@link LagSubscriber} process woken through LISTEN/NOTIFY) on PostgreSQL, and in
 * the same JVM on the in-memory store. Every round also checks that the subscriber saw the log
 * exactly: no skip, no duplicate, in order. No raw baseline: the figures are absolute.
 */
public final class W9SubscriptionLag implements Workload {
  static final String SKIPS = "skips";
  static final String EXTRA = "duplicates or out of order";
  private static final List<Integer> RATES = List.of(1_000, 5_000);
  private static final Duration DRAIN = Duration.ofSeconds(30);
  private static final int WARM_UP_APPENDS = 20;

  // the worst horizon wait seen in the current case, and who held it
  private long worstHorizonMillis;
  private String worstBlocker = "none";

  /** Where the subscriber runs. */
  enum Mode {
    SAME_JVM("postgres same JVM", 5_000),
    OTHER_JVM("postgres other JVM", 20_000),
    IN_MEMORY("in-memory same JVM", 5_000);

    final String label;
    final double p99Micros;

    Mode(String label, double p99Micros) {
      this.label = label;
      this.p99Micros = p99Micros;
    }
  }

  @Override
  public String id() {
    return "W9";
  }

  @Override
  public String title() {
    return "subscription lag at fixed append rates, same JVM and another JVM";
  }

  @Override
  public void run(Bench bench) throws Exception {
    for (Mode mode : Mode.values()) {
      for (int rate : RATES) {
        String name = String.format(Locale.ROOT, "W9 %s rate=%d", mode.label, rate);
        worstHorizonMillis = 0;
        worstBlocker = "none";
        if (mode != Mode.IN_MEMORY && !bench.stores().isPostgres()) {
          bench.record(CaseResult.skipped(id(), name, Map.of("rate", String.valueOf(rate)),
              "needs the PostgreSQL store (--store postgres)"));
          continue;
        }
        CaseResult result = bench.newCase(id(), name).param("rate", rate)
            .subject(Labels.EVENTCORE + " (" + mode.label + ")", () -> round(bench, mode, rate))
            .run();
        var series = result.subject().orElseThrow();
        long wrong = series.counter(SKIPS) + series.counter(EXTRA);
        bench.record(result.withChecks(List.of(
            Check.atMost(String.format(Locale.ROOT, "lag p99 ≤ %.0f ms (µs)", mode.p99Micros / 1000),
                series.latency().p99(), mode.p99Micros),
            Check.atMost("zero skips, duplicates or reorderings", wrong, 0)))
            .withNote(String.format(Locale.ROOT, "lag p50 %.3f ms, p99 %.3f ms, max %.3f ms over"
                    + " %,d events; %d skipped, %d duplicated or out of order",
                series.latency().p50() / 1000, series.latency().p99() / 1000,
                series.latency().max() / 1000, series.latency().count(), series.counter(SKIPS),
                series.counter(EXTRA)))
            .withNote(mode == Mode.IN_MEMORY ? "no transaction-id horizon in memory"
                : String.format(Locale.ROOT, "longest wait behind the cluster-wide transaction-id"
                    + " horizon: %d ms (held by %s)", worstHorizonMillis, worstBlocker)));
      }
    }
  }

  /** One round: a fresh store, a subscriber from its start, a fixed-rate writer, a drain. */
  private Sample round(Bench bench, Mode mode, int rate) throws Exception {
    if (mode == Mode.IN_MEMORY) {
      try (EventStore store = new InMemoryEventStore(Payloads.TYPES)) {
        return measure(bench, store, mode, rate);
      }
    }
    try (Bench.StoreHandle handle = bench.openStore(false)) {
      return measure(bench, handle.store(), mode, rate);
    }
  }

  private Sample measure(Bench bench, EventStore store, Mode mode, int rate) throws Exception {
    LagLog log = new LagLog();
    Duration warmup = bench.profile().warmup();
    Duration measure = bench.profile().measure().multipliedBy(2);
    if (measure.compareTo(Duration.ofSeconds(1)) < 0) {
      measure = Duration.ofSeconds(1);
    }
    LoadPlan plan = new LoadPlan(rate <= 1_000 ? 8 : 24, warmup, measure, rate);
    long started = LagLog.nowMicros();
    Sample writes;
    try (HorizonSampler horizon = new HorizonSampler(store)) {
      writes = writeAndDrain(bench, store, mode, plan, log);
      if (horizon.maxLagMillis() > worstHorizonMillis) {
        worstHorizonMillis = horizon.maxLagMillis();
        worstBlocker = horizon.worstBlocker();
      }
    }
    long[] wrong = log.verify(store, GlobalPosition.START);
    var lags = log.lags(started + warmup.toNanos() / 1_000);
    return new Sample(lags.getTotalCount(), lags.getTotalCount(), writes.elapsedNanos(), lags,
        writes.totalOperations(), writes.totalEvents(), -1, -1,
        Map.of(SKIPS, wrong[0], EXTRA, wrong[1]));
  }

  /**
   * Subscribes (here or in a child JVM), warms the subscriber up with untimed events, writes at the
   * plan's rate and waits for every delivery.
   */
  private static Sample writeAndDrain(Bench bench, EventStore store, Mode mode, LoadPlan plan,
      LagLog log) throws Exception {
    if (mode == Mode.OTHER_JVM) {
      try (LagProcess child = LagProcess.start(bench.database().url(),
          Database.STORE_SCHEMA, log)) {
        return warmThenWrite(bench, store, plan, log, child::failure);
      }
    }
    try (Subscription subscription = store.subscribe(GlobalPosition.START,
        event -> log.delivered(event.position().value(), LagLog.nowMicros()))) {
      return warmThenWrite(bench, store, plan, log,
          () -> subscription.failure().map(Throwable::toString).orElse(null));
    }
  }

  private static Sample warmThenWrite(Bench bench, EventStore store, LoadPlan plan, LagLog log,
      Supplier<String> failure) throws InterruptedException {
    // a cold subscriber (a fresh JVM above all) is slow for its first second: not the lag asked for
    GlobalPosition warm = LibraryLoads.prefill(store, "lag-warmup", WARM_UP_APPENDS, 100);
    drain(log, warm.value(), failure);
    Sample writes = bench.drive(plan, appends(store, log));
    drain(log, log.lastAcked(), failure);
    return writes;
  }

  /** One single-event append to a new stream per operation, its ack time logged. */
  private static WorkerFactory appends(EventStore store, LagLog log) {
    return context -> seq -> {
      String stream = context.unique("lag", seq);
      var result = store.append(StreamId.of(stream), ExpectedVersion.noStream(),
          List.of(Payloads.data(stream, 1)));
      log.acked(result.lastPosition(), LagLog.nowMicros());
      return 1;
    };
  }

  /** Waits until the subscriber reached {@code position}, or failed. */
  private static void drain(LagLog log, long position, Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (!log.reached(position)) {
      String failed = failure.get();
      if (failed != null) {
        throw new BenchmarkException("the subscriber failed: " + failed);
      }
      if (System.nanoTime() > deadline) {
        throw new BenchmarkException("the subscriber did not reach position " + position
            + " within " + DRAIN.toSeconds() + " s (" + log.deliveredCount() + " delivered)");
      }
      Thread.sleep(5);
    }
  }
}
