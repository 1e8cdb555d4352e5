package dev.eventcore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of the settings that shape a store's log tailer, shared by every adapter's builder
 * so that each refuses the same values with the same message.
 */
public final class TailerSettings {
  private static final Duration MAX_COALESCING = Duration.ofSeconds(1);

  private TailerSettings() {}

  /**
   * {@code pollInterval}, checked: how long a caught-up tailer waits for a wake-up before it reads
   * anyway.
   *
   * @throws IllegalArgumentException if it is not positive
   */
  public static Duration checkPollInterval(Duration pollInterval) {
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
    }
    return pollInterval;
  }

  /**
   * {@code interval}, checked: the least time between two reads of a caught-up tailer.
   *
   * @throws IllegalArgumentException if it is negative or longer than 1 s
   */
  public static Duration checkLogReadCoalescing(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.compareTo(MAX_COALESCING) > 0) {
      throw new IllegalArgumentException(
          "logReadCoalescing is " + interval + "; allowed: 0 to 1 s");
    }
    return interval;
  }
}
