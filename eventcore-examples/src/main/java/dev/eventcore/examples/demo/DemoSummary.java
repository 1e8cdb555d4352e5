package dev.eventcore.examples.demo;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.CustomerOrders;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.examples.readmodel.OrderHistory;
import dev.eventcore.saga.SagaStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo run ends with, taken from the read models.
 *
 * @param byStatus orders per status (every order in the store, earlier runs included)
 * @param revenue the totals of the delivered orders
 * @param compensations cancelled orders by reason
 * @param inventory stock per SKU
 * @param topCustomers the biggest spenders
 * @param saga the saga runner's counters for this run
 * @param eventsWritten events appended by this run
 * @param seconds how long this run took
 * @param eventsBefore events in the store when it started
 */
record DemoSummary(
    Map<OrderStatus, Long> byStatus,
    Money revenue,
    Map<String, Long> compensations,
    List<InventoryLevels.Level> inventory,
    List<CustomerOrders.Customer> topCustomers,
    SagaStats saga,
    long eventsWritten,
    double seconds,
    long eventsBefore) {

  static DemoSummary of(DemoRun run, SagaStats saga, long written, double seconds, long before) {
    Map<String, Long> reasons = new TreeMap<>();
    for (CurrentOrders.Summary cancelled : run.orders.withStatus(OrderStatus.CANCELLED)) {
      for (OrderHistory.Entry entry : run.history.of(cancelled.orderId())) {
        if (entry.detail().startsWith("cancelled: ")) {
          reasons.merge(entry.detail().substring("cancelled: ".length()), 1L, Long::sum);
        }
      }
    }
    return new DemoSummary(run.orders.countByStatus(), run.orders.totalOf(OrderStatus.DELIVERED),
        reasons, run.inventory.all(), run.customers.top(3), saga, written, seconds, before);
  }

  long orders() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  void print(PrintStream out) {
    out.println();
    out.println("══ Summary " + "═".repeat(50));
    if (eventsBefore > 0) {
      out.printf("(state rebuilt from %,d stored events, plus this run)%n", eventsBefore);
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
    out.printf("%nSaga: %,d steps, %,d commands dispatched, %,d refused, %,d timeouts fired,"
        + " %,d redeliveries absorbed%n", saga.steps(), saga.commandsDispatched(),
        saga.commandsRejected(), saga.timeoutsFired(), saga.duplicates());
    out.printf("Events written: %,d in %.1f s (%,.0f events/s)%n", eventsWritten, seconds,
        eventsWritten / Math.max(seconds, 0.001));
  }
}
