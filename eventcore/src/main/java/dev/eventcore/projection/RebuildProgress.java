package dev.eventcore.projection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a rebuild is: events handled out of the matching events that were in the log when it
 * began, the current rate and the estimated time left.
 *
 * @param projection the projection's name
 * @param done events handled since the rebuild began
 * @param total matching events in the log when it began
 * @param eventsPerSecond the recent rate
 * @param eta the estimated time left; empty while the rate is unknown
 * @param finished whether the rebuild caught up (then {@code done >= total})
 *
 * @since 0.1.0
 */
public record RebuildProgress(
    String projection,
    long done,
    long total,
    double eventsPerSecond,
    Optional<Duration> eta,
    boolean finished) {

  /** Validates the fields. */
  public RebuildProgress {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(eta, "eta");
    if (done < 0 || total < 0) {
      throw new IllegalArgumentException("done and total must be >= 0 but were " + done + ", "
          + total);
    }
  }

  /** {@code done / total} in {@code 0.0..1.0}; 1.0 when there is nothing to rebuild. */
  public double fraction() {
    return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
  }
}
