package dev.eventcore.examples.order;

import dev.eventcore.examples.Ids;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a caller asks of an order. A command is a wish, not a fact: the {@link Order#DECIDER}
 * turns it into {@link OrderEvent}s, or rejects it with a reason.
 *
 * <p>The records check the shape of their values (an id's format, a tracking number's syntax) and
 * throw {@link IllegalArgumentException} at construction; whether the command is allowed
 * <em>now</em> depends on the order's history and is decided by the decider.
 */
public sealed interface OrderCommand {

  /**
   * Place a new order.
   *
   * @param orderId the order's id, also its stream's id ({@link Order#stream})
   * @param customerId who ordered
   * @param lines what was ordered: the decider rejects an empty list, more than {@link
   *     Order#MAX_LINES} lines, or one SKU on two lines
   */
  record PlaceOrder(String orderId, String customerId, List<LineItem> lines)
      implements OrderCommand {
    /** Validates and copies the arguments. */
    public PlaceOrder {
      Ids.require(orderId, "orderId");
      Ids.require(customerId, "customerId");
      lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }
  }

  /** Accept a placed order for fulfilment. */
  record ConfirmOrder() implements OrderCommand {}

  /**
   * Cancel an order that has not shipped.
   *
   * @param reason why, for the customer and the history: 1 to 200 characters, not blank
   */
  record CancelOrder(String reason) implements OrderCommand {
    /** Validates the reason. */
    public CancelOrder {
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank() || reason.length() > 200) {
        throw new IllegalArgumentException(
            "a cancellation reason must be 1 to 200 characters and not blank, but was '"
                + reason + "'");
      }
    }
  }

  /**
   * Hand a confirmed order to the carrier.
   *
   * @param trackingNumber the carrier's number: 8 to 30 upper-case letters or digits
   */
  record ShipOrder(String trackingNumber) implements OrderCommand {
    private static final Pattern TRACKING = Pattern.compile("[A-Z0-9]{8,30}");

    /** Validates the tracking number. */
    public ShipOrder {
      Objects.requireNonNull(trackingNumber, "trackingNumber");
      if (!TRACKING.matcher(trackingNumber).matches()) {
        throw new IllegalArgumentException(
            "invalid tracking number '" + trackingNumber
                + "': use 8 to 30 upper-case letters or digits");
      }
    }
  }

  /** Record that the customer received a shipped order. */
  record DeliverOrder() implements OrderCommand {}
}
