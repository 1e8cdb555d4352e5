package dev.eventcore.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long the streams of one category keep their events in the hot log: at most {@code maxAge}
 * old, at most the newest {@code maxCount}, or both (whichever takes more). Beyond that, events
 * are removed, or with {@link #archiving()} moved to the archive, where every read still finds
 * them ({@link dev.eventcore.StreamArchiving}). A stream's last event always stays, so its version
 * never goes back and appends carry on.
 *
 * <pre>{@code
 * RetentionRule.maxAge("session", Duration.ofDays(30))
 * RetentionRule.maxCount("telemetry", 10_000).andMaxAge(Duration.ofDays(7))
 * RetentionRule.maxAge("order", Duration.ofDays(90)).archiving()
 * }</pre>
 *
 * @param category the streams' category ({@link dev.eventcore.StreamId#category()})
 * @param maxAge the oldest an event may be, if limited
 * @param maxCount the most events a stream keeps, if limited
 * @param archive whether events beyond the limits are archived rather than removed
 *
 * @since 0.1.0
 */
public record RetentionRule(String category, Optional<Duration> maxAge, OptionalLong maxCount,
    boolean archive) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the category is empty or holds '-', neither limit is set,
   *     {@code maxAge} is not positive or {@code maxCount} is below 1
   */
  public RetentionRule {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxCount, "maxCount");
    if (category.isEmpty() || category.indexOf('-') >= 0) {
      throw new IllegalArgumentException(
          "category must be a non-empty stream category without '-' but was '" + category + "'");
    }
    if (maxAge.isEmpty() && maxCount.isEmpty()) {
      throw new IllegalArgumentException("a retention rule needs maxAge, maxCount or both");
    }
    if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
      throw new IllegalArgumentException("maxAge must be positive but was " + maxAge.get());
    }
    if (maxCount.isPresent() && maxCount.getAsLong() < 1) {
      throw new IllegalArgumentException("maxCount must be >= 1 but was " + maxCount.getAsLong());
    }
  }

  /** Events of {@code category} older than {@code maxAge} are removed (or {@link #archiving archived}). */
  public static RetentionRule maxAge(String category, Duration maxAge) {
    return new RetentionRule(category, Optional.of(Objects.requireNonNull(maxAge, "maxAge")),
        OptionalLong.empty(), false);
  }

  /** Each stream of {@code category} keeps its newest {@code maxCount} events. */
  public static RetentionRule maxCount(String category, long maxCount) {
    return new RetentionRule(category, Optional.empty(), OptionalLong.of(maxCount), false);
  }

  /** This rule with a maximum age as well. */
  public RetentionRule andMaxAge(Duration maxAge) {
    return new RetentionRule(category, Optional.of(Objects.requireNonNull(maxAge, "maxAge")),
        maxCount, archive);
  }

  /** This rule with a maximum count as well. */
  public RetentionRule andMaxCount(long maxCount) {
    return new RetentionRule(category, maxAge, OptionalLong.of(maxCount), archive);
  }

  /** This rule archiving the events beyond its limits instead of removing them. */
  public RetentionRule archiving() {
    return new RetentionRule(category, maxAge, maxCount, true);
  }
}
