package dev.eventcore.examples.inventory;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.Sku;
import java.util.Map;
import java.util.Objects;

/**
 * The stock of one SKU, folded from its stream: how many items are on hand, and each order's
 * reservation. Reserved items are still on hand but not available to other orders.
 *
 * <pre>{@code
 * AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock = Inventory.repository(store);
 * Sku apple = Sku.of("APPLE");
 * stock.handle(Inventory.stream(apple), new ReceiveStock(apple, 10));
 * stock.handle(Inventory.stream(apple), new ReserveStock(apple, "o-1", 3));
 * stock.load(Inventory.stream(apple)).state().available();   // 7
 * }</pre>
 *
 * <p>Every reservation ever made stays in the state, so that a repeated request for an order is
 * recognised however late it comes. A busy SKU's stream grows with its orders, so the state is
 * built to fold in constant time per event: the reservations are an immutable map that each event
 * extends by sharing all but one path of the previous one (never a copy of the whole map), and the
 * reserved total is kept as the events arrive. With the repository's state cache a command then
 * costs the same on the ten-thousandth order as on the first; snapshots ({@code
 * AggregateRepository.builder(...).snapshots(...)}) keep a restart fast.
 *
 * @param sku the SKU's code; empty before the first event
 * @param onHand the items in the warehouse, reserved or not
 * @param reservations by order id, in the order they were made (immutable; serializes as a JSON
 *     object)
 */
public record Inventory(String sku, long onHand, Map<String, Reservation> reservations) {

  /** The stock of a SKU with no events: nothing on hand, nothing reserved. */
  public static final Inventory NONE = new Inventory("", 0, Map.of());

  /** The inventory aggregate. Thread-safe (it holds no state). */
  public static final Decider<InventoryCommand, Inventory, InventoryEvent> DECIDER =
      new InventoryDecider();

  /** Validates the arguments, and copies {@code reservations} unless it is an inventory's own. */
  public Inventory {
    Objects.requireNonNull(sku, "sku");
    reservations = Reservations.of(reservations); // shared, not copied, when already one
  }

  /** The stream of {@code sku}'s stock: {@code inventory-<sku>}. */
  public static StreamId stream(Sku sku) {
    return StreamId.of("inventory", sku.value());
  }

  /** A repository handling inventory commands on {@code store}. */
  public static AggregateRepository<InventoryCommand, Inventory, InventoryEvent> repository(
      EventStore store) {
    return AggregateRepository.of(store, DECIDER, InventoryEvent.class);
  }

  /** The items held for orders: the sum of the {@link Reservation.Status#HELD} reservations. */
  public long reserved() {
    return ((Reservations) reservations).held();
  }

  /** The items a new reservation may take: on hand minus reserved. */
  public long available() {
    return onHand - reserved();
  }

  /** This stock with {@code onHand} items and {@code orderId}'s reservation set. */
  Inventory with(String sku, long onHand, String orderId, Reservation reservation) {
    return new Inventory(sku, onHand, ((Reservations) reservations).with(orderId, reservation));
  }
}
