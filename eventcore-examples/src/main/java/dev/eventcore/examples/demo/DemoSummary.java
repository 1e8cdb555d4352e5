package dev.eventcore.examples.demo;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.pipeline.PipelineResult;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.CustomerOrders;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.examples.readmodel.OrderHistory;
import dev.eventcore.saga.SagaStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a demo run ends with, taken from the read models.
 *
 * @param byStatus orders per status (every order in the store, earlier runs included)
 * @param revenue the totals of the delivered orders
 * @param compensations cancelled orders by reason
 * @param inventory stock per SKU
 * @param topCustomers the biggest spenders
 * @param result this run's orders, events, seconds and saga counters
 * @param jdbc what this run sent to PostgreSQL, when counted
 */
record DemoSummary(
    Map<OrderStatus, Long> byStatus,
    Money revenue,
    Map<String, Long> compensations,
    List<InventoryLevels.Level> inventory,
    List<CustomerOrders.Customer> topCustomers,
    PipelineResult result,
    Optional<Jdbc> jdbc) {

  /**
   * What this run sent to PostgreSQL, counted by the client on the store's data source (the
   * store, the saga, the table projections and their checkpoints; not the read-model queries).
   *
   * @param statements statements executed
   * @param transactions transactions committed or rolled back
   */
  record Jdbc(long statements, long transactions) {}

  static DemoSummary of(DemoRun run, PipelineResult result, Optional<Jdbc> jdbc) {
    Map<String, Long> reasons = new TreeMap<>();
    for (CurrentOrders.Summary cancelled : run.orders.withStatus(OrderStatus.CANCELLED)) {
      for (OrderHistory.Entry entry : run.models.history().of(cancelled.orderId())) {
        if (entry.detail().startsWith("cancelled: ")) {
          reasons.merge(entry.detail().substring("cancelled: ".length()), 1L, Long::sum);
        }
      }
    }
    return new DemoSummary(run.orders.countByStatus(), run.orders.totalOf(OrderStatus.DELIVERED),
        reasons, run.models.inventory().all(), run.models.customers().top(3), result, jdbc);
  }

  long eventsWritten() {
    return result.eventsWritten();
  }

  long orders() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  void print(PrintStream out) {
    out.println();
    out.println("══ Summary " + "═".repeat(50));
    if (result.eventsBefore() > 0) {
      out.printf("(the %,d events stored by earlier runs, plus this run)%n",
          result.eventsBefore());
    }
    out.printf("%nOrders by status (%,d orders)%n", orders());
    long max = byStatus.values().stream().mapToLong(Long::longValue).max().orElse(1);
    byStatus.forEach((status, count) -> out.printf("  %-10s %6d  %s%n", status, count,
        "█".repeat((int) Math.max(1, 40 * count / max))));
    out.printf("%nRevenue (delivered orders): %s%n", revenue);
    out.printf("%nCompensations run: %d%n", compensations.values().stream().mapToLong(Long::longValue).sum());
    compensations.forEach((reason, count) -> out.printf("  %-30s %5d%n", reason, count));
    out.printf("%nInventory%n  %-8s %8s %9s %10s%n", "SKU", "on hand", "reserved", "available");
    for (InventoryLevels.Level level : inventory) {
      out.printf("  %-8s %8d %9d %10d%n", level.sku(), level.onHand(), level.reserved(),
          level.available());
    }
    out.printf("%nTop customers%n");
    for (CustomerOrders.Customer customer : topCustomers) {
      out.printf("  %-6s %3d orders  spent %10s  (%d cancelled)%n", customer.customerId(),
          customer.orders().size(), customer.spent(), customer.cancelled());
    }
    SagaStats saga = result.saga();
    out.printf("%nSaga: %,d steps, %,d commands dispatched, %,d refused, %,d timeouts fired,"
        + " %,d redeliveries absorbed%n", saga.steps(), saga.commandsDispatched(),
        saga.commandsRejected(), saga.timeoutsFired(), saga.duplicates());
    out.printf("Throughput: %,d orders settled end to end in %.1f s: %,.0f orders/s,"
        + " %,.0f events/s%n", result.orders(), result.settleSeconds(), result.ordersPerSecond(),
        result.eventsPerSecond());
    out.printf("Events written: %,d (%.1f per order); elapsed %.1f s in all%n",
        result.eventsWritten(), (double) result.eventsWritten() / result.orders(),
        result.totalNanos() / 1e9);
    jdbc.ifPresent(counts -> out.printf("PostgreSQL: %.1f statements and %.1f transactions per"
        + " order (%,d and %,d, counted by the client on the store's connections)%n",
        (double) counts.statements() / result.orders(),
        (double) counts.transactions() / result.orders(), counts.statements(),
        counts.transactions()));
  }
}
