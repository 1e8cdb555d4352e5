package dev.eventcore.micrometer;

import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The lag and dead-letter gauges of the projections of bound runners, read from {@link
 * ProjectionRunner#status} when the registry asks (a status costs a count of the events after the
 * checkpoint, so it is kept for a second and shared by a projection's gauges).
 */
final class ProjectionGauges {
  private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MeterRegistry registry;
  private final List<ProjectionRunner> runners = new CopyOnWriteArrayList<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Map<String, Read> reads = new ConcurrentHashMap<>();

  /** A status and when it was read. */
  private record Read(@Nullable ProjectionStatus status, long at) {}

  ProjectionGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  void bind(ProjectionRunner runner) {
    runners.add(runner);
    for (ProjectionStatus status : runner.statuses()) {
      seen(status.name());
    }
  }

  /** Registers {@code projection}'s gauges, once, if a runner is bound. */
  void seen(String projection) {
    if (runners.isEmpty() || registered.contains(projection) || !registered.add(projection)) {
      return;
    }
    gauge("eventcore.projection.lag.events", projection,
        "Events after the projection's position that it has yet to handle",
        status -> status.lagEvents());
    gauge("eventcore.projection.lag.seconds", projection,
        "How long the oldest event the projection has yet to handle has waited",
        status -> status.lagTime().toNanos() / 1e9);
    gauge("eventcore.projection.deadletters", projection,
        "Events this runner gave up on and recorded as dead letters",
        status -> status.deadLettered());
    gauge("eventcore.projection.rate", projection, "Events handled per second, recently",
        ProjectionStatus::eventsPerSecond);
  }

  private void gauge(String name, String projection, String description,
      ToDoubleFunction<ProjectionStatus> value) {
    Gauge.builder(name, this, gauges -> {
      ProjectionStatus status = gauges.status(projection);
      return status == null ? Double.NaN : value.applyAsDouble(status);
    }).description(description).tag("projection", projection).register(registry);
  }

  private @Nullable ProjectionStatus status(String projection) {
    long now = System.nanoTime();
    Read last = reads.get(projection);
    if (last != null && now - last.at() < FRESH_NANOS) {
      return last.status();
    }
    ProjectionStatus status = null;
    for (ProjectionRunner runner : runners) {
      try {
        status = runner.status(projection);
        break;
      } catch (IllegalArgumentException | IllegalStateException unknownOrClosed) {
        // not this runner's projection, or the runner is closed
      } catch (RuntimeException storeDown) {
        break; // NaN until the store answers again
      }
    }
    reads.put(projection, new Read(status, now));
    return status;
  }
}
