package dev.eventcore;

/**
 * An event's position in the store-wide log.
 *
 * <p>Positions are strictly increasing in the order readers see events; they need not be dense
 * (the PostgreSQL store encodes a transaction id in them). A checkpoint is one position: the last
 * event handled.
 *
 * @param value the position, {@code >= 0}
 *
 * @since 0.1.0
 */
public record GlobalPosition(long value) implements Comparable<GlobalPosition> {

  /** Before the first event of the store: reading after it reads everything. */
  public static final GlobalPosition START = new GlobalPosition(0);

  /**
   * Validates the position.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public GlobalPosition {
    if (value < 0) {
      throw new IllegalArgumentException("global position must be >= 0 but was " + value);
    }
  }

  /** Returns the position with the given value ({@code >= 0}). */
  public static GlobalPosition of(long value) {
    return value == 0 ? START : new GlobalPosition(value);
  }

  /** Whether this position comes after {@code other}. */
  public boolean isAfter(GlobalPosition other) {
    return value > other.value;
  }

  @Override
  public int compareTo(GlobalPosition other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
