package dev.eventcore.examples.readmodel;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderEvent.OrderPlaced;
import dev.eventcore.examples.order.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current status of every order: the "orders" screen. Projection name {@code current-orders}.
 *
 * <pre>{@code
 * CurrentOrders orders = new CurrentOrders();
 * runner.register(orders);
 * orders.find("o-1").map(CurrentOrders.Summary::status);   // Optional[SHIPPED]
 * orders.countByStatus();                                  // {PLACED=3, DELIVERED=250, ...}
 * }</pre>
 */
public final class CurrentOrders extends ReadModel {
  private final Map<String, Summary> orders = new LinkedHashMap<>();

  /** An empty read model. */
  public CurrentOrders() {
    super("current-orders", EventFilter.eventTypes(OrderEvent.class));
  }

  /**
   * One order as the screen shows it.
   *
   * @param orderId the order
   * @param customerId who placed it
   * @param status its status now
   * @param total its total
   * @param updatedAt when its last event was recorded
   */
  public record Summary(
      String orderId, String customerId, OrderStatus status, Money total, Instant updatedAt) {}

  @Override
  void apply(RecordedEvent<?> event) {
    OrderEvent payload = event.payloadAs(OrderEvent.class);
    if (payload instanceof OrderPlaced) {
      OrderPlaced placed = (OrderPlaced) payload;
      orders.put(placed.orderId(), new Summary(placed.orderId(), placed.customerId(),
          OrderStatus.PLACED, totalOf(placed.lines()), event.recordedAt()));
      return;
    }
    Summary summary = orders.get(payload.orderId());
    if (summary != null) {
      orders.put(payload.orderId(), new Summary(summary.orderId(), summary.customerId(),
          statusAfter(payload), summary.total(), event.recordedAt()));
    }
  }

  @Override
  void clear() {
    orders.clear();
  }

  /** The order {@code orderId}, if it was placed. */
  public synchronized Optional<Summary> find(String orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  /** The orders with {@code status}, in the order they were placed. */
  public synchronized List<Summary> withStatus(OrderStatus status) {
    List<Summary> matching = new ArrayList<>();
    for (Summary summary : orders.values()) {
      if (summary.status() == status) {
        matching.add(summary);
      }
    }
    return matching;
  }

  /** How many orders have each status (statuses with none are left out). */
  public synchronized Map<OrderStatus, Long> countByStatus() {
    Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
    for (Summary summary : orders.values()) {
      counts.merge(summary.status(), 1L, Long::sum);
    }
    return counts;
  }

  /** The sum of the totals of the orders with {@code status}, e.g. revenue from DELIVERED. */
  public synchronized Money totalOf(OrderStatus status) {
    Money total = Money.zero();
    for (Summary summary : orders.values()) {
      if (summary.status() == status) {
        total = total.plus(summary.total());
      }
    }
    return total;
  }

  /** How many orders were placed. */
  public synchronized int size() {
    return orders.size();
  }

  static Money totalOf(List<LineItem> lines) {
    Money total = Money.zero();
    for (LineItem line : lines) {
      total = total.plus(line.unitPrice().times(line.quantity()));
    }
    return total;
  }

  static OrderStatus statusAfter(OrderEvent event) {
    if (event instanceof OrderEvent.OrderConfirmed) {
      return OrderStatus.CONFIRMED;
    }
    if (event instanceof OrderEvent.OrderShipped) {
      return OrderStatus.SHIPPED;
    }
    if (event instanceof OrderEvent.OrderDelivered) {
      return OrderStatus.DELIVERED;
    }
    if (event instanceof OrderEvent.OrderCancelled) {
      return OrderStatus.CANCELLED;
    }
    return OrderStatus.PLACED;
  }
}
