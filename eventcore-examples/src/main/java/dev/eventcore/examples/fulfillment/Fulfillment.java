package dev.eventcore.examples.fulfillment;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.LineItem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one order's fulfillment, folded from the saga's {@link FulfillmentEvent}s.
 *
 * @param orderId the order; empty before the saga started
 * @param lines the order's lines
 * @param reserved the SKUs reserved so far
 * @param stage where the saga is
 * @param reason why it compensated; empty otherwise
 */
public record Fulfillment(
    String orderId, List<LineItem> lines, Set<Sku> reserved, Stage stage, String reason) {

  /** Before the order was placed. */
  public static final Fulfillment NONE = new Fulfillment("", List.of(), Set.of(), Stage.NEW, "");

  /** Copies the collections. */
  public Fulfillment {
    Objects.requireNonNull(orderId, "orderId");
    lines = List.copyOf(lines);
    reserved = Set.copyOf(reserved);
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
  }

  /** The stages of a fulfillment. */
  public enum Stage {
    /** Not started. */
    NEW,
    /** Reserving the lines. */
    RESERVING,
    /** Waiting for the payment's answer. */
    PAYING,
    /** Paid; confirming and shipping. */
    SHIPPING,
    /** Delivered. */
    DELIVERED,
    /** Compensated: the order is cancelled. */
    COMPENSATED
  }

  /** The order's total. */
  public Money total() {
    Money total = Money.zero();
    for (LineItem line : lines) {
      total = total.plus(line.unitPrice().times(line.quantity()));
    }
    return total;
  }

  /** Whether every line is reserved. */
  public boolean fullyReserved() {
    return reserved.size() == lines.size();
  }

  Fulfillment withReserved(Sku sku) {
    Set<Sku> next = new LinkedHashSet<>(reserved);
    next.add(sku);
    return new Fulfillment(orderId, lines, next, stage, reason);
  }

  Fulfillment at(Stage next) {
    return new Fulfillment(orderId, lines, reserved, next, reason);
  }

  Fulfillment compensated(String why) {
    return new Fulfillment(orderId, lines, reserved, Stage.COMPENSATED, why);
  }
}
