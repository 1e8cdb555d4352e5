package dev.eventcore.benchmarks.workloads;

import dev.eventcore.examples.Sku;
import dev.eventcore.examples.pipeline.PipelineModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read side of W13: threads that query the read models while the pipeline runs, in turn an
 * order by id (one already placed), a customer's orders (of the forty customers) and the stock of
 * a SKU (of the six), each a query on its own pooled connection when the models are tables.
 */
final class QueryLoad implements AutoCloseable {
  private static final List<Sku> SKUS = List.of(Sku.of("APPLE"), Sku.of("PEAR"), Sku.of("PLUM"),
      Sku.of("FIG"), Sku.of("MANGO"), Sku.of("KIWI"));

  private final PipelineModels models;
  private final AtomicInteger placed;
  private final LongAdder queries = new LongAdder();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private final long started = System.nanoTime();
  private long stopped;

  /** Starts {@code count} threads querying {@code models}; {@code placed} orders exist so far. */
  QueryLoad(PipelineModels models, AtomicInteger placed, int count) {
    this.models = models;
    this.placed = placed;
    for (int i = 0; i < count; i++) {
      long seed = i;
      Thread thread = new Thread(() -> query(new SplittableRandom(seed)), "w13-query-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  private void query(SplittableRandom random) {
    int kind = 0;
    while (running) {
      if (kind == 0) {
        models.orders().find("o-" + (1 + random.nextInt(Math.max(1, placed.get()))));
      } else if (kind == 1) {
        models.customers().of("c-" + (1 + random.nextInt(40)));
      } else {
        models.inventory().of(SKUS.get(random.nextInt(SKUS.size())));
      }
      queries.increment();
      kind = (kind + 1) % 3;
    }
  }

  /** Queries answered so far. */
  long queries() {
    return queries.sum();
  }

  /** Queries per second from the start until {@link #stop()} (or now). */
  synchronized double perSecond() {
    long end = stopped == 0 ? System.nanoTime() : stopped;
    return queries() * 1e9 / Math.max(1, end - started);
  }

  /** Stops the threads and the clock of {@link #perSecond()}; idempotent. */
  synchronized void stop() {
    if (running) {
      running = false;
      stopped = System.nanoTime();
      threads.forEach(Threads::join);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
