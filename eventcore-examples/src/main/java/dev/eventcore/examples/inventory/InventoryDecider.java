package dev.eventcore.examples.inventory;

import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.inventory.InventoryCommand.CommitReservation;
import dev.eventcore.examples.inventory.InventoryCommand.ReceiveStock;
import dev.eventcore.examples.inventory.InventoryCommand.ReleaseReservation;
import dev.eventcore.examples.inventory.InventoryCommand.ReserveStock;
import dev.eventcore.examples.inventory.InventoryEvent.ReservationCommitted;
import dev.eventcore.examples.inventory.InventoryEvent.ReservationReleased;
import dev.eventcore.examples.inventory.InventoryEvent.StockReceived;
import dev.eventcore.examples.inventory.InventoryEvent.StockReserved;
import dev.eventcore.examples.inventory.Reservation.Status;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The inventory's rules. Repeating a request that already took effect decides nothing (an empty
 * list): callers such as a saga may send a command twice after a crash, and the second must not
 * reserve, release or ship anything again.
 */
final class InventoryDecider implements Decider<InventoryCommand, Inventory, InventoryEvent> {

  @Override
  public Inventory initialState() {
    return Inventory.NONE;
  }

  @Override
  public List<InventoryEvent> decide(InventoryCommand command, Inventory stock) {
    if (!stock.sku().isEmpty() && !stock.sku().equals(command.sku().value())) {
      throw new IllegalArgumentException(
          "a command for SKU " + command.sku() + " was sent to the stock of SKU " + stock.sku()
              + "; send it to Inventory.stream(" + command.sku() + ")");
    }
    if (command instanceof ReceiveStock) {
      ReceiveStock receive = (ReceiveStock) command;
      return List.of(new StockReceived(receive.sku(), receive.quantity()));
    }
    if (command instanceof ReserveStock) {
      return reserve((ReserveStock) command, stock);
    }
    if (command instanceof ReleaseReservation) {
      ReleaseReservation release = (ReleaseReservation) command;
      Reservation held = settle(stock, release.orderId(), "release", Status.RELEASED);
      return held == null
          ? List.of()
          : List.of(new ReservationReleased(release.sku(), release.orderId(), held.quantity()));
    }
    if (command instanceof CommitReservation) {
      CommitReservation commit = (CommitReservation) command;
      Reservation held = settle(stock, commit.orderId(), "commit", Status.COMMITTED);
      return held == null
          ? List.of()
          : List.of(new ReservationCommitted(commit.sku(), commit.orderId(), held.quantity()));
    }
    throw new IllegalArgumentException("unknown inventory command " + command);
  }

  private static List<InventoryEvent> reserve(ReserveStock reserve, Inventory stock) {
    String orderId = reserve.orderId();
    Reservation existing = stock.reservations().get(orderId);
    if (existing != null) {
      if (existing.quantity() != reserve.quantity()) {
        throw new CommandRejectedException(
            "order " + orderId + " already reserved " + existing.quantity() + " of "
                + reserve.sku() + "; it cannot reserve " + reserve.quantity() + " as well");
      }
      if (existing.status() == Status.RELEASED) {
        throw new CommandRejectedException(
            "the reservation of " + reserve.sku() + " for order " + orderId
                + " was released; an order reserves a SKU once");
      }
      return List.of(); // the same request again: it already took effect
    }
    if (reserve.quantity() > stock.available()) {
      throw new CommandRejectedException(
          "not enough " + reserve.sku() + " for order " + orderId + ": " + reserve.quantity()
              + " requested, " + stock.available() + " available (" + stock.onHand()
              + " on hand, " + stock.reserved() + " reserved)");
    }
    return List.of(new StockReserved(reserve.sku(), orderId, reserve.quantity()));
  }

  /**
   * The held reservation of {@code orderId} to move to {@code target}; {@code null} if it is
   * there already (nothing to do).
   */
  private static @Nullable Reservation settle(Inventory stock, String orderId, String verb, Status target) {
    Reservation reservation = stock.reservations().get(orderId);
    String sku = stock.sku().isEmpty() ? "this SKU" : stock.sku();
    if (reservation == null) {
      throw new CommandRejectedException(
          "cannot " + verb + " the reservation of " + sku + " for order " + orderId
              + ": the order reserved none");
    }
    if (reservation.status() == target) {
      return null;
    }
    if (reservation.status() != Status.HELD) {
      throw new CommandRejectedException(
          "cannot " + verb + " the reservation of " + sku + " for order " + orderId
              + ": it was " + reservation.status().name().toLowerCase(Locale.ROOT)
              + " already");
    }
    return reservation;
  }

  @Override
  public Inventory evolve(Inventory stock, InventoryEvent event) {
    String sku = event.sku().value();
    if (event instanceof StockReceived) {
      StockReceived received = (StockReceived) event;
      return new Inventory(sku, stock.onHand() + received.quantity(), stock.reservations());
    }
    if (event instanceof StockReserved) {
      StockReserved reserved = (StockReserved) event;
      return stock.with(sku, stock.onHand(), reserved.orderId(),
          new Reservation(reserved.quantity(), Status.HELD));
    }
    if (event instanceof ReservationReleased) {
      ReservationReleased released = (ReservationReleased) event;
      return stock.with(sku, stock.onHand(), released.orderId(),
          new Reservation(released.quantity(), Status.RELEASED));
    }
    if (event instanceof ReservationCommitted) {
      ReservationCommitted committed = (ReservationCommitted) event;
      return stock.with(sku, stock.onHand() - committed.quantity(), committed.orderId(),
          new Reservation(committed.quantity(), Status.COMMITTED));
    }
    throw new IllegalArgumentException("unknown inventory event " + event);
  }
}
