package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryEvent;
import java.util.Objects;

/**
 * What one inventory event adds to a SKU's {@link InventoryLevels.Level} (negative to take away):
 * the one translation that the in-memory and the table inventory read models both apply.
 *
 * @param sku the SKU
 * @param onHand the change of the items on hand
 * @param reserved the change of the items reserved
 */
public record InventoryChange(Sku sku, long onHand, long reserved) {
  /** Checks the argument. */
  public InventoryChange {
    Objects.requireNonNull(sku, "sku");
  }

  /** The change {@code event} (an {@link InventoryEvent}) makes. */
  public static InventoryChange of(RecordedEvent<?> event) {
    InventoryEvent payload = event.payloadAs(InventoryEvent.class);
    Sku sku = payload.sku();
    if (payload instanceof InventoryEvent.StockReceived) {
      return new InventoryChange(sku, ((InventoryEvent.StockReceived) payload).quantity(), 0);
    }
    if (payload instanceof InventoryEvent.StockReserved) {
      return new InventoryChange(sku, 0, ((InventoryEvent.StockReserved) payload).quantity());
    }
    if (payload instanceof InventoryEvent.ReservationReleased) {
      int released = ((InventoryEvent.ReservationReleased) payload).quantity();
      return new InventoryChange(sku, 0, -released);
    }
    int committed = ((InventoryEvent.ReservationCommitted) payload).quantity();
    return new InventoryChange(sku, -committed, -committed);
  }
}
