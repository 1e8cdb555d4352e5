package dev.eventcore.examples.inventory;

import java.util.Objects;

/**
 * What became of one order's reservation of one SKU.
 *
 * @param quantity the items reserved
 * @param status whether they are still held, were released, or were committed
 */
public record Reservation(int quantity, Status status) {

  /** Checks the arguments. */
  public Reservation {
    Objects.requireNonNull(status, "status");
  }

  /** The life of a reservation: held, then released or committed, both final. */
  public enum Status {
    /** Counted as reserved: on hand, not available. */
    HELD,
    /** Given back; the items are available again. */
    RELEASED,
    /** Shipped; the items left the stock. */
    COMMITTED
  }
}
