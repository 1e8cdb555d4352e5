package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What one order event changes in an order's {@link CurrentOrders.Summary}: the one translation
 * from events to changes that the in-memory and the table read models (current orders, customer
 * orders) both apply.
 */
public sealed interface OrderChange {

  /** The order changed. */
  String orderId();

  /** The change {@code event} (an {@link OrderEvent}) makes. */
  static OrderChange of(RecordedEvent<?> event) {
    OrderEvent payload = event.payloadAs(OrderEvent.class);
    if (payload instanceof OrderEvent.OrderPlaced) {
      OrderEvent.OrderPlaced placed = (OrderEvent.OrderPlaced) payload;
      return new Placed(new CurrentOrders.Summary(placed.orderId(), placed.customerId(),
          OrderStatus.PLACED, placed.total(), event.recordedAt()));
    }
    return new StatusChanged(payload.orderId(), statusAfter(payload), event.recordedAt());
  }

  /** The status an order has after {@code event}. */
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

  /** A new order, as it now stands. */
  record Placed(CurrentOrders.Summary summary) implements OrderChange {
    /** Checks the argument. */
    public Placed {
      Objects.requireNonNull(summary, "summary");
    }

    @Override
    public String orderId() {
      return summary.orderId();
    }
  }

  /** A placed order moved to {@code status} at {@code at}. */
  record StatusChanged(String orderId, OrderStatus status, Instant at) implements OrderChange {
    /** Checks the arguments. */
    public StatusChanged {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
    }
  }
}
