package dev.eventcore.examples;

/**
 * An amount of money as an exact number of minor units (cents), never a floating-point number:
 * {@code 0.1 + 0.2} is not {@code 0.3} in binary floating point, and an event store keeps every
 * amount forever. The examples use one currency, so the record carries none.
 *
 * <pre>{@code
 * Money price = Money.ofCents(1_999);        // 19.99
 * Money total = price.times(3);              // 59.97
 * total.toString();                          // "59.97"
 * }</pre>
 *
 * <p>Arithmetic is exact: an overflow of {@code long} throws {@link ArithmeticException} instead of
 * wrapping around. Amounts may be negative (an overdrawn account); rules about signs belong to the
 * aggregates that use them.
 *
 * @param cents the amount in minor units
 */
public record Money(long cents) implements Comparable<Money> {
  private static final Money ZERO = new Money(0);

  /** Nothing. */
  public static Money zero() {
    return ZERO;
  }

  /** {@code cents} minor units: {@code ofCents(250)} is 2.50. */
  public static Money ofCents(long cents) {
    return new Money(cents);
  }

  /** This plus {@code other}. */
  public Money plus(Money other) {
    return new Money(Math.addExact(cents, other.cents));
  }

  /** This minus {@code other}. */
  public Money minus(Money other) {
    return new Money(Math.subtractExact(cents, other.cents));
  }

  /** This times {@code factor}, e.g. a unit price times a quantity. */
  public Money times(long factor) {
    return new Money(Math.multiplyExact(cents, factor));
  }

  /** This with the opposite sign. */
  public Money negated() {
    return new Money(Math.negateExact(cents));
  }

  /** {@code -1}, {@code 0} or {@code 1} as this is below, at or above zero. */
  public int signum() {
    return Long.signum(cents);
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(cents, other.cents);
  }

  /** The amount with two decimals, e.g. {@code "12.05"} or {@code "-0.50"}. */
  @Override
  public String toString() {
    String sign = cents < 0 ? "-" : "";
    return String.format("%s%d.%02d", sign, Math.abs(cents / 100), Math.abs(cents % 100));
  }
}
