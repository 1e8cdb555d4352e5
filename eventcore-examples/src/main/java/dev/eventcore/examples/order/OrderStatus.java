package dev.eventcore.examples.order;

import java.util.Set;

/**
 * Where an order is in its life, and which way it may go next:
 *
 * <pre>
 *  NEW ──place──▶ PLACED ──confirm──▶ CONFIRMED ──ship──▶ SHIPPED ──deliver──▶ DELIVERED
 *                   │                     │
 *                   └──────cancel─────────┴──▶ CANCELLED
 * </pre>
 *
 * <p>{@link #DELIVERED} and {@link #CANCELLED} are final. The decider consults {@link
 * #canBecome} before emitting an event, so an event that breaks this machine is never written.
 */
public enum OrderStatus {
  /** No order yet: the stream has no events. */
  NEW,
  /** Placed by the customer; may be confirmed or cancelled. */
  PLACED,
  /** Accepted for fulfilment; may be shipped or cancelled. */
  CONFIRMED,
  /** Handed to the carrier; may be delivered. */
  SHIPPED,
  /** Received by the customer. Final. */
  DELIVERED,
  /** Cancelled before shipment. Final. */
  CANCELLED;

  /** Whether an order in this status may move to {@code next}. */
  public boolean canBecome(OrderStatus next) {
    return successors().contains(next);
  }

  /** The statuses an order in this status may move to; empty for a final status. */
  public Set<OrderStatus> successors() {
    switch (this) {
      case NEW:
        return Set.of(PLACED);
      case PLACED:
        return Set.of(CONFIRMED, CANCELLED);
      case CONFIRMED:
        return Set.of(SHIPPED, CANCELLED);
      case SHIPPED:
        return Set.of(DELIVERED);
      default:
        return Set.of();
    }
  }

  /** Whether no transition leaves this status. */
  public boolean isFinal() {
    return successors().isEmpty();
  }
}
