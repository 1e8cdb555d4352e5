package dev.eventcore.examples.demo;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.pipeline.OrderPipeline;
import dev.eventcore.examples.pipeline.PipelineModels;
import dev.eventcore.projection.ProjectionRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The "survives a process restart" check of a second run on PostgreSQL: the read-model tables,
 * resumed from checkpoints written by an earlier process, must answer exactly like in-memory read
 * models rebuilt now from the stored events.
 */
final class RestartCheck {
  private RestartCheck() {}

  /** Replays the log up to {@code head} into fresh in-memory twins, compares, prints the result. */
  static boolean run(EventStore store, PipelineModels tables, GlobalPosition head, PrintStream out)
      throws InterruptedException {
    long started = System.nanoTime();
    PipelineModels replay = PipelineModels.inMemory();
    try (ProjectionRunner runner = ProjectionRunner.builder(store, replay.checkpoints())
        .tick(Duration.ofMillis(50)).build()) {
      replay.projections().forEach(runner::register);
      runner.startAll();
      OrderPipeline.awaitHead(store, runner, replay.projections(), head);
    }
    List<String> differences = new ArrayList<>();
    compare("orders by status", tables.orders().countByStatus(), replay.orders().countByStatus(),
        differences);
    compare("revenue", tables.orders().totalOf(OrderStatus.DELIVERED),
        replay.orders().totalOf(OrderStatus.DELIVERED), differences);
    compare("inventory", tables.inventory().all(), replay.inventory().all(), differences);
    compare("top customers", tables.customers().top(5), replay.customers().top(5), differences);
    compare("customers", tables.customers().size(), replay.customers().size(), differences);
    for (var order : replay.orders().withStatus(OrderStatus.CANCELLED)) {
      compare("history of " + order.orderId(), tables.history().of(order.orderId()),
          replay.history().of(order.orderId()), differences);
    }
    if (differences.isEmpty()) {
      out.printf("  restart check: the tables equal a fresh replay of the stored events"
          + " (%.1f s to replay): OK%n", (System.nanoTime() - started) / 1e9);
    } else {
      out.println("  restart check FAILED: the tables differ from a replay in " + differences);
    }
    return differences.isEmpty();
  }

  private static void compare(String what, Object tables, Object replay, List<String> out) {
    if (!Objects.equals(tables, replay)) {
      out.add(what);
    }
  }
}
