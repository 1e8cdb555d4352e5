package dev.eventcore;

import java.util.Objects;

/**
 * The limits every read of an {@link EventStore} applies to its arguments, in one place for the
 * port's default methods and for every store: a page asks for 1 to {@link #MAX_READ_COUNT}
 * events, and a correlation id is a non-empty string.
 *
 * @since 0.1.0
 */
public final class ReadLimits {
  /** The largest page one read may ask for. */
  public static final int MAX_READ_COUNT = 1_000_000;

  private ReadLimits() {}

  /**
   * Checks a page size.
   *
   * @throws IllegalArgumentException if {@code maxCount} is outside 1 to {@link #MAX_READ_COUNT}
   */
  public static void requireCount(int maxCount) {
    if (maxCount < 1 || maxCount > MAX_READ_COUNT) {
      throw new IllegalArgumentException(
          "maxCount must be 1.." + MAX_READ_COUNT + " but was " + maxCount);
    }
  }

  /**
   * Checks a correlation id.
   *
   * @throws NullPointerException if {@code correlationId} is null
   * @throws IllegalArgumentException if it is empty
   */
  public static void requireCorrelationId(String correlationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    if (correlationId.isEmpty()) {
      throw new IllegalArgumentException("correlationId must not be empty");
    }
  }
}
