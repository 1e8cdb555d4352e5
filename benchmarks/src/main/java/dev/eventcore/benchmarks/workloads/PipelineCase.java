package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.benchmarks.harness.Sample;
import dev.eventcore.benchmarks.jdbc.Database;
import dev.eventcore.examples.fulfillment.FulfillmentDispatcher;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.pipeline.CountedDataSource;
import dev.eventcore.examples.pipeline.OrderPipeline;
import dev.eventcore.examples.pipeline.PipelineListener;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.examples.pipeline.PipelineOptions;
import dev.eventcore.examples.pipeline.PipelineResult;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.postgres.PostgresEventStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One measured run of the order pipeline for W13: a fresh store (in memory, or PostgreSQL in the
 * suite's store schema, written through a {@link CountedDataSource}), the pipeline with a lag
 * sampler and, on PostgreSQL, query threads on the read-model tables.
 */
final class PipelineCase {
  /** The seed of every W13 run: the demo's default. */
  static final long SEED = 42;

  /** Threads querying the PostgreSQL read-model tables during the load. */
  static final int QUERY_THREADS = 2;

  /**
   * What one run measured.
   *
   * @param result the pipeline's own result
   * @param lags read-model lag samples, nanoseconds
   * @param statements statements sent by the store while placing and settling; empty in memory
   * @param transactions transactions ended in that window; empty in memory
   * @param queriesPerSecond read-model queries answered per second during the run; empty in memory
   * @param byStatus the orders' final statuses
   */
  record Measured(PipelineResult result, Histogram lags, Optional<Long> statements,
      Optional<Long> transactions, Optional<Double> queriesPerSecond,
      Map<OrderStatus, Long> byStatus) {

    /** The run as a sample: an operation is an order, latency is the read-model lag. */
    Sample sample() {
      Map<String, Long> counters =
          transactions.map(t -> Map.of("transactions", t)).orElse(Map.of());
      return new Sample(result.orders(), result.eventsWritten(), result.settleNanos(), lags,
          result.orders(), result.eventsWritten(), -1, statements.orElse(-1L), counters);
    }
  }

  /** A run stopped because it went past its time budget. */
  static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget(Duration budget, int placed) {
      super(String.format(Locale.ROOT, "stopped after %d minutes, %,d orders placed",
          budget.toMinutes(), placed));
    }
  }

  private PipelineCase() {}

  /** The pipeline with {@code orders} orders on a fresh in-memory store. */
  static Measured inMemory(int orders, Duration budget) throws InterruptedException {
    try (EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes())) {
      PipelineModels models = PipelineModels.inMemory();
      try (LagSampler sampler = new LagSampler(models.orders())) {
        PipelineResult result = new OrderPipeline(store, models, PipelineOptions.of(orders, SEED),
            listener(sampler, new AtomicInteger(), Optional.empty(), new long[2], budget)).run();
        return new Measured(result, sampler.lags(), Optional.empty(), Optional.empty(),
            Optional.empty(), models.orders().countByStatus());
      }
    }
  }

  /**
   * The pipeline with {@code orders} orders on a fresh PostgreSQL store in {@code schema}
   * (normally {@link Database#STORE_SCHEMA}), dropped afterwards. The store writes through a
   * counter; the read-model queries (the sampler's, the query threads') use the suite's pool
   * directly and are not counted.
   */
  static Measured postgres(Database database, String schema, int orders, Duration budget)
      throws Exception {
    database.dropSchema(schema);
    CountedDataSource counted = new CountedDataSource(database.pool());
    try (PostgresEventStore store = PostgresEventStore.builder().dataSource(counted)
        .schema(schema).eventTypes(FulfillmentDispatcher.eventTypes()).build()) {
      PipelineModels models =
          PipelineModels.postgres(store, database.pool(), schema);
      AtomicInteger placed = new AtomicInteger();
      long[] before = new long[2];
      PipelineResult result;
      double queriesPerSecond;
      try (LagSampler sampler = new LagSampler(models.orders());
          QueryLoad queries = new QueryLoad(models, placed, QUERY_THREADS)) {
        result = new OrderPipeline(store, models, PipelineOptions.of(orders, SEED),
            listener(sampler, placed, Optional.of(counted), before, budget)).run();
        queries.stop();
        queriesPerSecond = queries.perSecond();
        sampler.stop();
        return new Measured(result, sampler.lags(), Optional.of(counted.statements() - before[0]),
            Optional.of(counted.transactions() - before[1]), Optional.of(queriesPerSecond),
            models.orders().countByStatus());
      }
    } finally {
      database.dropSchema(schema);
    }
  }

  /**
   * Feeds the sampler and the query threads; snapshots the counts when placing starts; stops the
   * run with {@link OverBudget} once {@code budget} has passed.
   */
  private static PipelineListener listener(LagSampler sampler, AtomicInteger placed,
      Optional<CountedDataSource> counted, long[] before, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    return new PipelineListener() {
      @Override
      public void placing(int orders, int first) {
        counted.ifPresent(c -> {
          before[0] = c.statements();
          before[1] = c.transactions();
        });
      }

      @Override
      public void placed(String orderId, int index, long nanoTime) {
        sampler.placed(orderId, nanoTime);
        placed.set(index);
        if (nanoTime - deadline > 0) {
          throw new OverBudget(budget, index);
        }
      }

      @Override
      public void settling() {
        if (System.nanoTime() - deadline > 0) {
          throw new OverBudget(budget, placed.get());
        }
      }
    };
  }
}
