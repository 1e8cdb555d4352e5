package dev.eventcore.examples.readmodel;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The current status of every order: the "orders" screen. Projection name {@code current-orders};
 * kept in memory by {@link InMemoryCurrentOrders} and in a table by {@code
 * readmodel.postgres.PostgresCurrentOrders}, with the same answers.
 *
 * <pre>{@code
 * orders.find("o-1").map(CurrentOrders.Summary::status);   // Optional[SHIPPED]
 * orders.countByStatus();                                  // {PLACED=3, DELIVERED=250, ...}
 * }</pre>
 */
public interface CurrentOrders {
  /** The projection name of both implementations. */
  String NAME = "current-orders";

  /**
   * One order as the screen shows it.
   *
   * @param orderId the order
   * @param customerId who placed it
   * @param status its status now
   * @param total its total
   * @param updatedAt when its last event was recorded
   */
  record Summary(
      String orderId, String customerId, OrderStatus status, Money total, Instant updatedAt) {
    /** Checks the arguments. */
    public Summary {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(total, "total");
      Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This order with {@code status} since {@code at}. */
    public Summary with(OrderStatus status, Instant at) {
      return new Summary(orderId, customerId, status, total, at);
    }
  }

  /** The order {@code orderId}, if it was placed. */
  Optional<Summary> find(String orderId);

  /** The orders with {@code status}, in the order they were placed. */
  List<Summary> withStatus(OrderStatus status);

  /** How many orders have each status (statuses with none are left out). */
  Map<OrderStatus, Long> countByStatus();

  /** The sum of the totals of the orders with {@code status}, e.g. revenue from DELIVERED. */
  Money totalOf(OrderStatus status);

  /** How many orders were placed. */
  int size();
}
