package dev.eventcore.examples.demo;

/** The demo's events: a tiny order lifecycle. */
public sealed interface DemoEvent {
  /** An order was placed for {@code quantity} items at {@code priceCents} each. */
  record OrderPlaced(String orderId, String sku, int quantity, long priceCents)
      implements DemoEvent {}

  /** The order's payment succeeded. */
  record OrderPaid(String orderId, long amountCents) implements DemoEvent {}

  /** The order's payment was declined and it was cancelled. */
  record OrderCancelled(String orderId, String reason) implements DemoEvent {}
}
