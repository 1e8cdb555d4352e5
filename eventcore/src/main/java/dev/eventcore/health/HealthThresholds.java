package dev.eventcore.health;

import java.time.Duration;
import java.util.Objects;

/**
 * When a component stops being UP. Immutable; start from {@link #defaults()} and change what you
 * need with the {@code with...} methods.
 *
 * <pre>{@code
 * HealthThresholds thresholds = HealthThresholds.defaults()
 *     .withProjectionLag(10_000, Duration.ofMinutes(1))
 *     .withHorizonStall(Duration.ofSeconds(30), Duration.ofMinutes(5));
 * }</pre>
 *
 * @param timeout how long each check may take before it counts as DOWN; also the store's
 *     statement and network timeout (default 2 s; 1 ms to 10 min)
 * @param projectionLagEvents a running projection further behind than this many events is
 *     DEGRADED (default 1,000; at least 0)
 * @param projectionLagTime a running projection whose oldest waiting event is older than this is
 *     DEGRADED (default 30 s; not negative)
 * @param horizonDegradedAfter the global log held back this long by an open transaction is
 *     DEGRADED (default 10 s; not negative)
 * @param horizonDownAfter held back this long it is DOWN: subscriptions see nothing new (default
 *     60 s; at least {@code horizonDegradedAfter})
 * @param timeoutGrace a saga timeout still pending this long after it was due is overdue, and its
 *     saga DEGRADED (default 30 s; not negative)
 * @param deadLetters a projection with more dead letters than this is DEGRADED (default 0; at
 *     least 0)
 *
 * @since 0.1.0
 */
public record HealthThresholds(
    Duration timeout,
    long projectionLagEvents,
    Duration projectionLagTime,
    Duration horizonDegradedAfter,
    Duration horizonDownAfter,
    Duration timeoutGrace,
    long deadLetters) {

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final HealthThresholds DEFAULTS = new HealthThresholds(Duration.ofSeconds(2),
      1_000, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofSeconds(30), 0);

  /** Validates the arguments. */
  public HealthThresholds {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout is " + timeout + "; allowed: 1 ms to 10 min");
    }
    atLeastZero(projectionLagEvents, "projectionLagEvents");
    notNegative(projectionLagTime, "projectionLagTime");
    notNegative(horizonDegradedAfter, "horizonDegradedAfter");
    notNegative(horizonDownAfter, "horizonDownAfter");
    if (horizonDownAfter.compareTo(horizonDegradedAfter) < 0) {
      throw new IllegalArgumentException("horizonDownAfter (" + horizonDownAfter
          + ") must not be shorter than horizonDegradedAfter (" + horizonDegradedAfter + ")");
    }
    notNegative(timeoutGrace, "timeoutGrace");
    atLeastZero(deadLetters, "deadLetters");
  }

  /** The defaults listed above. */
  public static HealthThresholds defaults() {
    return DEFAULTS;
  }

  /** These thresholds with each check's {@code timeout}. */
  public HealthThresholds withTimeout(Duration timeout) {
    return new HealthThresholds(timeout, projectionLagEvents, projectionLagTime,
        horizonDegradedAfter, horizonDownAfter, timeoutGrace, deadLetters);
  }

  /** These thresholds with a projection DEGRADED beyond {@code events} or {@code time} of lag. */
  public HealthThresholds withProjectionLag(long events, Duration time) {
    return new HealthThresholds(timeout, events, time, horizonDegradedAfter, horizonDownAfter,
        timeoutGrace, deadLetters);
  }

  /** These thresholds with the horizon DEGRADED after {@code degraded}, DOWN after {@code down}. */
  public HealthThresholds withHorizonStall(Duration degraded, Duration down) {
    return new HealthThresholds(timeout, projectionLagEvents, projectionLagTime, degraded, down,
        timeoutGrace, deadLetters);
  }

  /** These thresholds with saga timeouts overdue {@code grace} after they were due. */
  public HealthThresholds withTimeoutGrace(Duration grace) {
    return new HealthThresholds(timeout, projectionLagEvents, projectionLagTime,
        horizonDegradedAfter, horizonDownAfter, grace, deadLetters);
  }

  /** These thresholds with a projection DEGRADED beyond {@code count} dead letters. */
  public HealthThresholds withDeadLetters(long count) {
    return new HealthThresholds(timeout, projectionLagEvents, projectionLagTime,
        horizonDegradedAfter, horizonDownAfter, timeoutGrace, count);
  }

  private static void atLeastZero(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
  }

  private static void notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + value);
    }
  }
}
