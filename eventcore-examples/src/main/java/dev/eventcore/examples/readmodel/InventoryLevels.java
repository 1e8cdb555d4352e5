package dev.eventcore.examples.readmodel;

import dev.eventcore.examples.Sku;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stock per SKU: on hand, reserved for orders, available. Projection name {@code inventory}; kept
 * in memory by {@link InMemoryInventoryLevels} and in a table by {@code
 * readmodel.postgres.PostgresInventoryLevels}, with the same answers.
 *
 * <pre>{@code
 * levels.of(Sku.of("APPLE"));   // Optional[Level[sku=APPLE, onHand=40, reserved=6, available=34]]
 * levels.all();                 // every SKU, by code
 * }</pre>
 */
public interface InventoryLevels {
  /** The projection name of both implementations. */
  String NAME = "inventory";

  /**
   * The stock of one SKU.
   *
   * @param sku the SKU
   * @param onHand items in the warehouse, reserved or not
   * @param reserved items held for orders
   */
  record Level(Sku sku, long onHand, long reserved) {
    /** Checks the argument. */
    public Level {
      Objects.requireNonNull(sku, "sku");
    }

    /** Items a new order may take. */
    public long available() {
      return onHand - reserved;
    }

    /** This level after {@code change} (of the same SKU). */
    public Level plus(InventoryChange change) {
      return new Level(sku, onHand + change.onHand(), reserved + change.reserved());
    }
  }

  /** The stock of {@code sku}, if any event mentioned it. */
  Optional<Level> of(Sku sku);

  /** Every SKU's stock, by code. */
  List<Level> all();
}
