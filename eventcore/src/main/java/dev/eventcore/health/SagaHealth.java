package dev.eventcore.health;

import dev.eventcore.saga.SagaEvent;
import dev.eventcore.saga.SagaInstance;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.saga.SagaStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sagas of some runners, one part each, from the runners' memory: DEGRADED while a timeout is
 * overdue (still pending longer than the grace after it was due: the runner is not ticking, or
 * its saga's events lag behind, which holds due timeouts back).
 */
final class SagaHealth {
  private static final String PREFIX = "saga-";

  private SagaHealth() {}

  static Health check(List<SagaRunner<?>> runners, HealthThresholds thresholds, Instant now) {
    List<Health> parts = new ArrayList<>();
    for (SagaRunner<?> runner : runners) {
      parts.add(ChecksRun.guarded(name(runner), now, () -> of(runner, thresholds, now)));
    }
    return Health.group(HealthChecks.SAGAS, now, parts);
  }

  private static String name(SagaRunner<?> runner) {
    String name = runner.projection().name();
    return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
  }

  private static Health of(SagaRunner<?> runner, HealthThresholds thresholds, Instant now) {
    long commands = 0;
    long timeouts = 0;
    long overdue = 0;
    String oldestKey = "";
    SagaEvent.@Nullable TimeoutScheduled oldest = null;
    List<? extends SagaInstance<?>> open = runner.openInstanceViews();
    for (SagaInstance<?> instance : open) {
      commands += instance.pendingCommands().size();
      for (SagaEvent.TimeoutScheduled timeout : instance.pendingTimeouts()) {
        timeouts++;
        if (timeout.due().plus(thresholds.timeoutGrace()).isBefore(now)) {
          overdue++;
          if (oldest == null || timeout.due().isBefore(oldest.due())) {
            oldest = timeout;
            oldestKey = instance.key();
          }
        }
      }
    }
    Health health = oldest == null
        ? Health.up(name(runner), now)
        : Health.degraded(name(runner), now, overdue + " timeouts overdue by more than "
            + thresholds.timeoutGrace().toMillis() + " ms (is the runner started and its"
            + " projection caught up?)");
    SagaStats stats = runner.stats();
    health = health.withDetail("openInstances", open.size())
        .withDetail("pendingCommands", commands)
        .withDetail("pendingTimeouts", timeouts)
        .withDetail("overdueTimeouts", overdue);
    if (oldest != null) {
      health = health.withDetail("oldestOverdueInstance", oldestKey)
          .withDetail("oldestOverdueTimeout", oldest.name())
          .withDetail("oldestOverdueMillis", ceilMillis(Duration.between(oldest.due(), now)));
    }
    return health.withDetail("timeoutsFired", stats.timeoutsFired())
        .withDetail("dispatchFailures", stats.dispatchFailures());
  }

  /**
   * Whole milliseconds, rounded up: a timeout counts as overdue once it is late by more than the
   * grace, to the nanosecond, so the reported lateness must exceed the grace too (300.4 ms late
   * with a 300 ms grace reads 301, not 300).
   */
  private static long ceilMillis(Duration late) {
    long millis = late.toMillis();
    return late.minusMillis(millis).isZero() ? millis : millis + 1;
  }
}
