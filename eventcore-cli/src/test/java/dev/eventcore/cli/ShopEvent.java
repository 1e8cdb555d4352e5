package dev.eventcore.cli;

/** The application's events in the CLI tests; the CLI itself knows none of them. */
sealed interface ShopEvent {
  /** An order was placed. */
  record OrderPlaced(String orderId, int amount) implements ShopEvent {}

  /** An item went into an order or a cart. */
  record ItemAdded(String sku) implements ShopEvent {}
}
