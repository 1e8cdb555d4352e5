package dev.eventcore.examples.demo;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.pipeline.CountedDataSource;
import dev.eventcore.examples.pipeline.OrderPipeline;
import dev.eventcore.examples.pipeline.PipelineListener;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.examples.pipeline.PipelineOptions;
import dev.eventcore.examples.pipeline.PipelineResult;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.projection.ProjectionRunner;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the demo: the {@link OrderPipeline} on a store, with progress lines while it runs
 * and the summary at the end; {@link #run()} returns what the summary printed.
 */
final class DemoRun implements PipelineListener {
  private final EventStore store;
  private final DemoOptions options;
  private final PrintStream out;
  private final Optional<CountedDataSource> counted;
  private final DemoMetrics metrics;
  final PipelineModels models;
  final CurrentOrders orders;
  private int progressStep = 1;
  private int total;
  private long statementsBefore;
  private long transactionsBefore;

  /** A run on {@code store} with {@code models}; nothing counts its statements. */
  DemoRun(EventStore store, PipelineModels models, DemoOptions options, PrintStream out) {
    this(store, models, options, out, Optional.empty(), new DemoMetrics());
  }

  /**
   * A run on {@code store} with {@code models}; {@code counted}, if present, is the data source
   * the store writes through, whose statements and transactions the summary reports per order.
   */
  DemoRun(EventStore store, PipelineModels models, DemoOptions options, PrintStream out,
      Optional<CountedDataSource> counted, DemoMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.models = models;
    this.orders = models.orders();
    this.options = options;
    this.out = out;
    this.counted = counted;
  }

  /** Runs the scenario and prints the summary. */
  DemoSummary run() throws InterruptedException {
    PipelineResult result = new OrderPipeline(store, models,
        new PipelineOptions(options.orders(), options.seed(), options.paymentTimeout()), this,
        metrics.observer()).run();
    Optional<DemoSummary.Jdbc> jdbc = counted.map(c -> new DemoSummary.Jdbc(
        c.statements() - statementsBefore, c.transactions() - transactionsBefore));
    DemoSummary summary = DemoSummary.of(this, result, jdbc);
    summary.print(out);
    metrics.print(out);
    return summary;
  }

  @Override
  public void started(ProjectionRunner runner) {
    metrics.bind(runner);
  }

  @Override
  public void catchingUp(long storedEvents) {
    out.printf("%nThis store already holds %,d events from earlier runs.%n", storedEvents);
    if (models.durable()) {
      out.println("Resuming the read-model tables from their stored checkpoints ...");
      out.printf("  %,d orders were already in the tables when this process started.%n",
          orders.size());
    } else {
      out.println("Rebuilding the read models from them (nothing else is stored) ...");
    }
  }

  @Override
  public void caughtUp(GlobalPosition head) throws InterruptedException {
    out.printf("  %s: %,d orders, %,d customers, %d SKUs; %s%n",
        models.durable() ? "resumed" : "rebuilt", orders.size(), models.customers().size(),
        models.inventory().all().size(), orders.countByStatus());
    if (models.durable()) {
      RestartCheck.run(store, models, head, out);
    }
    out.println("  unfinished sagas resume from their own streams.");
  }

  @Override
  public void placing(int count, int first) {
    total = count;
    progressStep = Math.max(1, count / 5);
    counted.ifPresent(c -> {
      statementsBefore = c.statements();
      transactionsBefore = c.transactions();
    });
    out.printf("%nPlacing %d orders (15%% of payments declined, 3%% of gateway answers lost)%n",
        count);
  }

  @Override
  public void placed(String orderId, int index, long nanoTime) {
    if (index % progressStep == 0) {
      progress("  placed " + index + "/" + total);
    }
  }

  @Override
  public void settling() {
    progress("  settling");
  }

  @Override
  public void settled() {
    progress("  all settled");
  }

  private void progress(String what) {
    Map<OrderStatus, Long> counts = orders.countByStatus();
    out.printf("%-20s delivered %5d · cancelled %4d · in flight %4d%n", what,
        counts.getOrDefault(OrderStatus.DELIVERED, 0L),
        counts.getOrDefault(OrderStatus.CANCELLED, 0L), OrderPipeline.inFlight(counts));
  }
}
