package dev.eventcore.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that moves only when a test says so: for saga timeouts, retry backoffs and snapshot or
 * projection timing without sleeping. Thread-safe; UTC.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));   // a saga's payment timeout is now due
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  private ManualClock(Instant now) {
    this.now = now;
  }

  /** A clock standing at {@code start}. */
  public static ManualClock at(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }

  /** A clock standing at 2026-01-01T00:00:00Z. */
  public static ManualClock create() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public synchronized void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock moves forward only; got " + duration);
    }
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
