package dev.eventcore.examples.inventory;

import dev.eventcore.examples.Ids;
import dev.eventcore.examples.Sku;
import java.util.Objects;

/** What a caller asks of the stock of one SKU. Send it to {@link Inventory#stream}{@code (sku)}. */
public sealed interface InventoryCommand {
  /** The largest quantity one command may move. */
  int MAX_QUANTITY = 1_000_000;

  /** The SKU whose stock the command is for. */
  Sku sku();

  /** Goods arrived: {@code quantity} (1 to {@value #MAX_QUANTITY}) more on hand. */
  record ReceiveStock(Sku sku, int quantity) implements InventoryCommand {
    /** Validates the arguments. */
    public ReceiveStock {
      Objects.requireNonNull(sku, "sku");
      checkQuantity(quantity);
    }
  }

  /**
   * Hold {@code quantity} (1 to {@value #MAX_QUANTITY}) for order {@code orderId}. Idempotent:
   * asking again for the same order and quantity decides nothing.
   */
  record ReserveStock(Sku sku, String orderId, int quantity) implements InventoryCommand {
    /** Validates the arguments. */
    public ReserveStock {
      Objects.requireNonNull(sku, "sku");
      Ids.require(orderId, "orderId");
      checkQuantity(quantity);
    }
  }

  /** Give the order's held stock back (the order was cancelled). Idempotent. */
  record ReleaseReservation(Sku sku, String orderId) implements InventoryCommand {
    /** Validates the arguments. */
    public ReleaseReservation {
      Objects.requireNonNull(sku, "sku");
      Ids.require(orderId, "orderId");
    }
  }

  /** The order's held stock left the warehouse (the order shipped). Idempotent. */
  record CommitReservation(Sku sku, String orderId) implements InventoryCommand {
    /** Validates the arguments. */
    public CommitReservation {
      Objects.requireNonNull(sku, "sku");
      Ids.require(orderId, "orderId");
    }
  }

  private static void checkQuantity(int quantity) {
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException(
          "quantity is " + quantity + "; allowed: 1 to " + MAX_QUANTITY);
    }
  }
}
