package dev.eventcore.health;

import dev.eventcore.projection.ProjectionError;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.ProjectionStatus;
import dev.eventcore.projection.RebuildProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The projections of some runners, one part each: FAILED is DOWN; PAUSED and STOPPED are
 * DEGRADED (they apply nothing); RUNNING and REBUILDING are DEGRADED beyond the lag thresholds.
 */
final class ProjectionHealth {
  private ProjectionHealth() {}

  static Health check(List<ProjectionRunner> runners, HealthThresholds thresholds, Instant now) {
    List<Health> parts = new ArrayList<>();
    for (ProjectionRunner runner : runners) {
      for (ProjectionStatus status : runner.statuses()) {
        parts.add(of(status, thresholds, now));
      }
    }
    return Health.group(HealthChecks.PROJECTIONS, now, parts);
  }

  static Health of(ProjectionStatus status, HealthThresholds thresholds, Instant now) {
    Health health = switch (status.state()) {
      case FAILED -> Health.down(status.name(), now, "failed: "
          + status.lastError().map(ProjectionError::message).orElse("no error recorded")
          + "; start or rebuild it once the cause is fixed");
      case PAUSED, STOPPED -> Health.degraded(status.name(), now,
          status.state().name().toLowerCase(Locale.ROOT) + ": applies no events");
      case STANDBY, RUNNING, REBUILDING -> lag(status, thresholds, now);
    };
    health = health.withDetail("state", status.state().name())
        .withDetail("position", status.position().value())
        .withDetail("lagEvents", status.lagEvents())
        .withDetail("lagMillis", status.lagTime().toMillis())
        .withDetail("eventsPerSecond", Math.round(status.eventsPerSecond() * 10) / 10.0)
        .withDetail("handled", status.handled())
        .withDetail("deadLettered", status.deadLettered());
    if (status.rebuild().isPresent()) {
      RebuildProgress rebuild = status.rebuild().get();
      health = health.withDetail("rebuildDone", rebuild.done())
          .withDetail("rebuildTotal", rebuild.total());
    }
    if (status.lastError().isPresent()) {
      ProjectionError error = status.lastError().get();
      health = health.withDetail("lastError", error.message())
          .withDetail("lastErrorAt", error.occurredAt().toString());
    }
    return health;
  }

  private static Health lag(ProjectionStatus status, HealthThresholds thresholds, Instant now) {
    if (status.state() == ProjectionState.STANDBY) {
      return Health.up(status.name(), now); // another instance holds the lease and applies them
    }
    if (status.lagEvents() > thresholds.projectionLagEvents()) {
      return Health.degraded(status.name(), now, status.lagEvents() + " events behind (more than "
          + thresholds.projectionLagEvents() + ")");
    }
    if (status.lagTime().compareTo(thresholds.projectionLagTime()) > 0) {
      return Health.degraded(status.name(), now, "the oldest waiting event is "
          + status.lagTime().toMillis() + " ms old (more than "
          + thresholds.projectionLagTime().toMillis() + " ms)");
    }
    return Health.up(status.name(), now);
  }
}
