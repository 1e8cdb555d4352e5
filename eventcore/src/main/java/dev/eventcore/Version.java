package dev.eventcore;

/**
 * A stream's version: the number of events in it. Its first event has version 1; an absent or
 * empty stream has version {@link #NONE}.
 *
 * @param value the version, {@code >= 0}
 *
 * @since 0.1.0
 */
public record Version(long value) implements Comparable<Version> {

  /** Version 0: the stream has no events. */
  public static final Version NONE = new Version(0);

  /** Versions 0 to 1,023, shared: most streams are short, and stores keep one per event. */
  private static final Version[] SMALL = new Version[1024];

  static {
    SMALL[0] = NONE;
    for (int i = 1; i < SMALL.length; i++) {
      SMALL[i] = new Version(i);
    }
  }

  /**
   * Validates the version.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public Version {
    if (value < 0) {
      throw new IllegalArgumentException("version must be >= 0 but was " + value);
    }
  }

  /** Returns the version with the given value ({@code >= 0}). */
  public static Version of(long value) {
    return value >= 0 && value < SMALL.length ? SMALL[(int) value] : new Version(value);
  }

  /**
   * The version after this one.
   *
   * @throws ArithmeticException if this is {@code Long.MAX_VALUE}
   */
  public Version next() {
    return new Version(Math.addExact(value, 1));
  }

  /**
   * This version plus {@code count} events.
   *
   * @throws ArithmeticException if the sum overflows a {@code long}
   */
  public Version plus(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 but was " + count);
    }
    return new Version(Math.addExact(value, count));
  }

  @Override
  public int compareTo(Version other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
