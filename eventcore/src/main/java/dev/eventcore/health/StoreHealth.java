package dev.eventcore.health;

import java.util.List;
import java.util.Objects;

/**
 * Implemented by an event store that checks its own health: the in-memory store (down once
 * closed) and the PostgreSQL store (the database answers within the timeout; the global log is
 * not held back by an open transaction). {@link HealthChecks.Builder#store} uses it when the store
 * implements it, and otherwise reads a stream's version as a probe.
 *
 * @since 0.1.0
 */
public interface StoreHealth {

  /**
   * The checks of this store's components, in report order: first one named {@code "store"}
   * (reachable), then any the adapter adds (PostgreSQL: {@code "horizon"}). Each should give up
   * after {@link HealthThresholds#timeout()}.
   */
  List<Check> healthChecks(HealthThresholds thresholds);

  /**
   * One component's check.
   *
   * @param component the component's name in the report
   * @param check the check
   */
  record Check(String component, HealthCheck check) {
    /** Validates the arguments. */
    public Check {
      Health.checkName(component);
      Objects.requireNonNull(check, "check");
    }
  }
}
