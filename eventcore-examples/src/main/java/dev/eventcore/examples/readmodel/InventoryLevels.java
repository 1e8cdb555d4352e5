package dev.eventcore.examples.readmodel;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stock per SKU: on hand, reserved for orders, available. Projection name {@code inventory}.
 *
 * <pre>{@code
 * levels.of(Sku.of("APPLE"));   // Optional[Level[sku=APPLE, onHand=40, reserved=6, available=34]]
 * levels.all();                 // every SKU, by code
 * }</pre>
 */
public final class InventoryLevels extends ReadModel {
  private final Map<Sku, Level> levels = new TreeMap<>(java.util.Comparator.comparing(Sku::value));

  /** An empty read model. */
  public InventoryLevels() {
    super("inventory", EventFilter.eventTypes(InventoryEvent.class));
  }

  /**
   * The stock of one SKU.
   *
   * @param sku the SKU
   * @param onHand items in the warehouse, reserved or not
   * @param reserved items held for orders
   */
  public record Level(Sku sku, long onHand, long reserved) {
    /** Items a new order may take. */
    public long available() {
      return onHand - reserved;
    }
  }

  @Override
  void apply(RecordedEvent<?> event) {
    InventoryEvent payload = event.payloadAs(InventoryEvent.class);
    Level level = levels.getOrDefault(payload.sku(), new Level(payload.sku(), 0, 0));
    long onHand = level.onHand();
    long reserved = level.reserved();
    if (payload instanceof InventoryEvent.StockReceived) {
      onHand += ((InventoryEvent.StockReceived) payload).quantity();
    } else if (payload instanceof InventoryEvent.StockReserved) {
      reserved += ((InventoryEvent.StockReserved) payload).quantity();
    } else if (payload instanceof InventoryEvent.ReservationReleased) {
      reserved -= ((InventoryEvent.ReservationReleased) payload).quantity();
    } else if (payload instanceof InventoryEvent.ReservationCommitted) {
      int quantity = ((InventoryEvent.ReservationCommitted) payload).quantity();
      reserved -= quantity;
      onHand -= quantity;
    }
    levels.put(payload.sku(), new Level(payload.sku(), onHand, reserved));
  }

  @Override
  void clear() {
    levels.clear();
  }

  /** The stock of {@code sku}, if any event mentioned it. */
  public synchronized Optional<Level> of(Sku sku) {
    return Optional.ofNullable(levels.get(sku));
  }

  /** Every SKU's stock, by code. */
  public synchronized List<Level> all() {
    return List.copyOf(levels.values());
  }
}
