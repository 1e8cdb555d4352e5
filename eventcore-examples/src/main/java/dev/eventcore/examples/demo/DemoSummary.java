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
 * @param timing this run's orders, events and seconds
 * @param eventsBefore events in the store when it started
 */
record DemoSummary(
    Map<OrderStatus, Long> byStatus,
    Money revenue,
    Map<String, Long> compensations,
    List<InventoryLevels.Level> inventory,
    List<CustomerOrders.Customer> topCustomers,
    SagaStats saga,
    Timing timing,
    long eventsBefore) {

  /**
   * How fast this run went.
   *
   * @param orders orders placed by this run
   * @param settleSeconds from placing the first order until every order was delivered or cancelled
   * @param eventsWritten events appended by this run
   * @param seconds the whole run, catching up on earlier events included
   */
  record Timing(int orders, double settleSeconds, long eventsWritten, double seconds) {}

  static DemoSummary of(DemoRun run, SagaStats saga, Timing timing, long before) {
    Map<String, Long> reasons = new TreeMap<>();
    for (CurrentOrders.Summary cancelled : run.orders.withStatus(OrderStatus.CANCELLED)) {
      for (OrderHistory.Entry entry : run.models.history().of(cancelled.orderId())) {
        if (entry.detail().startsWith("cancelled: ")) {
          reasons.merge(entry.detail().substring("cancelled: ".length()), 1L, Long::sum);
        }
      }
    }
    return new DemoSummary(run.orders.countByStatus(), run.orders.totalOf(OrderStatus.DELIVERED),
        reasons, run.models.inventory().all(), run.models.customers().top(3), saga, timing,
        before);
  }

  long eventsWritten() {
    return timing.eventsWritten();
  }

  long orders() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  void print(PrintStream out) {
    out.println();
    out.println("══ Summary " + "═".repeat(50));
    if (eventsBefore > 0) {
      out.printf("(the %,d events stored by earlier runs, plus this run)%n", eventsBefore);
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
    double settle = Math.max(timing.settleSeconds(), 0.001);
    out.printf("Throughput: %,d orders settled end to end in %.1f s: %,.0f orders/s%n",
        timing.orders(), timing.settleSeconds(), timing.orders() / settle);
    out.printf("Events written: %,d (%,.0f events/s); elapsed %.1f s in all%n",
        timing.eventsWritten(), timing.eventsWritten() / settle, timing.seconds());
  }
}
