package dev.eventcore.examples.order;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import java.util.Objects;

/**
 * One line of an order: so many of one SKU at a unit price.
 *
 * @param sku the product
 * @param quantity {@value #MIN_QUANTITY} to {@value #MAX_QUANTITY}
 * @param unitPrice the price of one item: more than zero, at most {@link #MAX_UNIT_PRICE}
 */
public record LineItem(Sku sku, int quantity, Money unitPrice) {
  /** The smallest quantity of a line. */
  public static final int MIN_QUANTITY = 1;

  /** The largest quantity of a line. */
  public static final int MAX_QUANTITY = 999;

  /** The highest unit price: 1,000,000.00. Keeps every order total far from overflow. */
  public static final Money MAX_UNIT_PRICE = Money.ofCents(100_000_000);

  /** Validates the line. */
  public LineItem {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unitPrice");
    if (quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException(
          "quantity of " + sku + " is " + quantity + "; allowed: "
              + MIN_QUANTITY + " to " + MAX_QUANTITY);
    }
    if (unitPrice.signum() <= 0 || unitPrice.compareTo(MAX_UNIT_PRICE) > 0) {
      throw new IllegalArgumentException(
          "unit price of " + sku + " is " + unitPrice + "; allowed: 0.01 to " + MAX_UNIT_PRICE);
    }
  }

  /** The line's amount: unit price times quantity. */
  public Money lineTotal() {
    return unitPrice.times(quantity);
  }
}
