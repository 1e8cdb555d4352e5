package dev.eventcore.health;

import java.util.Objects;

/**
 * How well a component works, from best to worst; a group is as bad as its worst part.
 *
 * @since 0.1.0
 */
public enum HealthStatus {
  /** Working as expected. */
  UP,
  /** Working, but behind or with problems an operator should look at (lag, dead letters). */
  DEGRADED,
  /** Not working: unreachable, failed, closed, or no answer within the timeout. */
  DOWN;

  /** The worse of this status and {@code other}. */
  public HealthStatus worse(HealthStatus other) {
    Objects.requireNonNull(other, "other");
    return other.compareTo(this) > 0 ? other : this; // declared from best to worst
  }
}
