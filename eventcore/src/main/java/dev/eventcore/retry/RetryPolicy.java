package dev.eventcore.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often, and how patiently, work is retried after a failure a retry can help with (a command
 * after a concurrency conflict, a projection handler after an exception): bounded attempts and
 * exponential backoff with jitter. Immutable.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(5);
 * RetryPolicy none = RetryPolicy.noRetry();
 * }</pre>
 *
 * <p>The delay before retry {@code n} (the first retry is 1) is {@code min(maxBackoff,
 * initialBackoff * multiplier^(n-1))}, then reduced by a random share of at most {@code jitter}
 * (full jitter is 1.0, none is 0.0) so that competing writers spread out. The policy says how
 * often and when; the caller says what is worth retrying (a command executor never retries a
 * rejected command, whatever the policy).
 *
 * @param maxAttempts attempts in all, the first included: {@code >= 1}
 * @param initialBackoff the delay before the first retry: {@code >= 0}
 * @param maxBackoff the largest delay: {@code >= initialBackoff}
 * @param multiplier the growth of the delay per retry: {@code >= 1.0}
 * @param jitter the largest random share taken off a delay: {@code 0.0..1.0}
 *
 * @since 0.1.0
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter) {

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(500), 2.0, 0.5);

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException if a value is outside its range
   */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0 but was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff (" + initialBackoff + ") but was " + maxBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1.0 but was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be 0.0..1.0 but was " + jitter);
    }
  }

  /** 10 attempts; 5 ms doubling up to 500 ms; jitter 0.5. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt: a conflict fails the command at once. */
  public static RetryPolicy noRetry() {
    return DEFAULTS.withMaxAttempts(1);
  }

  /** A copy with {@code maxAttempts} attempts in all. */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
  }

  /** A copy with the given exponential backoff. */
  public RetryPolicy withBackoff(Duration initialBackoff, Duration maxBackoff, double multiplier) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
  }

  /** A copy with the given jitter, {@code 0.0..1.0}. */
  public RetryPolicy withJitter(double jitter) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
  }

  /**
   * The delay before retry {@code retry}.
   *
   * @param retry the retry, {@code 1..maxAttempts-1}
   * @param random a uniform random number in {@code [0, 1)}: the share of the jitter to apply
   * @throws IllegalArgumentException if {@code retry} or {@code random} is out of range
   */
  public Duration backoff(int retry, double random) {
    if (retry < 1 || retry >= maxAttempts) {
      throw new IllegalArgumentException(
          "retry must be 1.." + (maxAttempts - 1) + " under this policy but was " + retry);
    }
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random must be in [0, 1) but was " + random);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(nanos, (double) maxBackoff.toNanos());
    return Duration.ofNanos((long) (capped * (1.0 - jitter * random)));
  }
}
