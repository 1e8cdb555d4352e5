package dev.eventcore.examples.order;

import dev.eventcore.examples.Money;
import java.util.List;
import java.util.Objects;

/**
 * The facts of an order's life, in the past tense. They are the only thing stored: the order's
 * state, its read models and its history are all derived from them, and they are never changed
 * or deleted once written.
 *
 * <p>Every event names its order, so a reader of the store-wide log (a projection, a saga) needs
 * no other lookup. The simple class names ({@code OrderPlaced}, ...) are the stored type names.
 */
public sealed interface OrderEvent {

  /** The order this event belongs to. */
  String orderId();

  /**
   * A customer placed an order.
   *
   * @param lines at least one; one SKU at most once
   */
  record OrderPlaced(String orderId, String customerId, List<LineItem> lines)
      implements OrderEvent {
    /** Copies the lines. */
    public OrderPlaced {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(customerId, "customerId");
      lines = List.copyOf(lines);
    }

    /** The order's amount: the sum of its lines. Derived, so never stored twice. */
    public Money total() {
      return Order.totalOf(lines);
    }
  }

  /** The order was accepted for fulfilment. */
  record OrderConfirmed(String orderId) implements OrderEvent {
    /** Checks the argument. */
    public OrderConfirmed {
      Objects.requireNonNull(orderId, "orderId");
    }
  }

  /** The order was cancelled before shipment, for {@code reason}. */
  record OrderCancelled(String orderId, String reason) implements OrderEvent {
    /** Checks the arguments. */
    public OrderCancelled {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The order left the warehouse with the carrier's {@code trackingNumber}. */
  record OrderShipped(String orderId, String trackingNumber) implements OrderEvent {
    /** Checks the arguments. */
    public OrderShipped {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(trackingNumber, "trackingNumber");
    }
  }

  /** The customer received the order. */
  record OrderDelivered(String orderId) implements OrderEvent {
    /** Checks the argument. */
    public OrderDelivered {
      Objects.requireNonNull(orderId, "orderId");
    }
  }
}
