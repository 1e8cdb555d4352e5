package dev.eventcore.examples.inventory;

import dev.eventcore.examples.Sku;

/** The facts about the stock of one SKU. */
public sealed interface InventoryEvent {

  /** The SKU the event is about. */
  Sku sku();

  /** {@code quantity} items arrived and are on hand. */
  record StockReceived(Sku sku, int quantity) implements InventoryEvent {}

  /** {@code quantity} items are held for order {@code orderId}: still on hand, not available. */
  record StockReserved(Sku sku, String orderId, int quantity) implements InventoryEvent {}

  /** The order's {@code quantity} held items are available again. */
  record ReservationReleased(Sku sku, String orderId, int quantity) implements InventoryEvent {}

  /** The order's {@code quantity} held items left the warehouse: no longer on hand. */
  record ReservationCommitted(Sku sku, String orderId, int quantity) implements InventoryEvent {}
}
