package dev.eventcore.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.projection.ProjectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A projection's health from its status: degraded only past its lag thresholds. */
class ProjectionHealthTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final HealthThresholds LIMITS =
      HealthThresholds.defaults().withProjectionLag(10, Duration.ofSeconds(5));

  private static Health of(ProjectionState state, long lagEvents, Duration lagTime) {
    return ProjectionHealth.of(new ProjectionStatus("totals", state, GlobalPosition.of(42),
        lagEvents, lagTime, 12.34, 7, 0, Optional.empty(), Optional.empty()), LIMITS, T0);
  }

  @Test
  void atTheThresholdsItIsUpAndPastThemDegraded() {
    assertEquals(HealthStatus.UP, of(ProjectionState.RUNNING, 10, Duration.ofSeconds(5)).status());
    Health events = of(ProjectionState.RUNNING, 11, Duration.ZERO);
    assertEquals(HealthStatus.DEGRADED, events.status());
    assertEquals(Optional.of("11 events behind (more than 10)"), events.reason());
    Health time = of(ProjectionState.RUNNING, 0, Duration.ofMillis(5_001));
    assertEquals(HealthStatus.DEGRADED, time.status());
    assertEquals(Optional.of("the oldest waiting event is 5001 ms old (more than 5000 ms)"),
        time.reason());
    assertEquals(HealthStatus.UP, of(ProjectionState.STANDBY, 99, Duration.ofHours(1)).status(),
        "another instance applies the events");
  }

  @Test
  void itsDetailsAreTheStatusRounded() {
    Health health = of(ProjectionState.RUNNING, 3, Duration.ofMillis(250));
    assertEquals(Optional.of(12.3), health.detail("eventsPerSecond"));
    assertEquals(Optional.of(250L), health.detail("lagMillis"));
    assertEquals(Optional.of(42L), health.detail("position"));
  }
}
