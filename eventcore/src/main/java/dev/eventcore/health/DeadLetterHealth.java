package dev.eventcore.health;

import dev.eventcore.projection.DeadLetterStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The dead letters of named projections, one part each: DEGRADED beyond the threshold. */
final class DeadLetterHealth {
  private DeadLetterHealth() {}

  /** The projections {@code projections} whose dead letters {@code store} keeps. */
  record Source(DeadLetterStore store, List<String> projections) {}

  static Health check(List<Source> sources, HealthThresholds thresholds, Instant now) {
    List<Health> parts = new ArrayList<>();
    for (Source source : sources) {
      for (String projection : source.projections()) {
        parts.add(ChecksRun.guarded(projection, now, () -> {
          long count = source.store().count(projection);
          long undecodable = source.store().countUndecodable(projection);
          Health health = count > thresholds.deadLetters()
              ? Health.degraded(projection, now, count + " dead letters (more than "
                  + thresholds.deadLetters() + ")" + (undecodable == 0 ? "" : ", " + undecodable
                  + " of them undecodable (poison) events")
                  + ": inspect them, fix the cause, replay them")
              : Health.up(projection, now);
          return health.withDetail("count", count).withDetail("undecodable", undecodable);
        }));
      }
    }
    return Health.group(HealthChecks.DEAD_LETTERS, now, parts);
  }
}
