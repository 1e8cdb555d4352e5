package dev.eventcore.projection;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.internal.LogProbe;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Lock-free views of a worker: its status and read-your-writes waits. */
final class Probes {
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long HELD_BACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private Probes() {}

  static ProjectionStatus status(ProjectionWorker worker) {
    ProjectionState state = worker.state();
    GlobalPosition position = worker.position();
    EventStore store = worker.settings.store();
    EventFilter filter = worker.projection.filter();
    Instant now = worker.now();
    long lag = store.countAfter(position, filter);
    Duration lagTime = lag == 0 ? Duration.ZERO : oldestWaiting(store, position, filter, now);
    Optional<RebuildProgress> rebuild = worker.rebuildTracker()
        .map(tracker -> tracker.progress(worker.name, worker.counters.processed(), now, false));
    ProjectionCounters counters = worker.counters;
    return new ProjectionStatus(worker.name, state, position, lag, lagTime,
        counters.rate.perSecond(), counters.handled(), counters.deadLettered(), worker.lastError(),
        rebuild);
  }

  /** How long the first matching event after {@code position} has waited. */
  private static Duration oldestWaiting(
      EventStore store, GlobalPosition position, EventFilter filter, Instant now) {
    return LogProbe.firstAfter(store, position, filter)
        .map(event -> Duration.between(event.recordedAt(), now))
        .filter(waited -> !waited.isNegative())
        .orElse(Duration.ZERO);
  }

  static boolean awaitPosition(ProjectionWorker worker, GlobalPosition target, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = worker.changes().sequence();
      if (worker.position().compareTo(target) >= 0) {
        return true;
      }
      if (worker.state() == ProjectionState.FAILED) {
        throw new ProjectionFailedException(worker.name, worker.lastError().orElseGet(() ->
            ProjectionError.of("projection " + worker.name + " failed", worker.position(),
                worker.now())));
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      long slice = Math.min(remaining, SLICE_NANOS);
      Run run = worker.currentRun();
      if (run == null || worker.transactional()) { // transactional: woken by each commit
        worker.changes().await(seen, slice);
        continue;
      }
      Subscription subscription = run.subscription();
      try {
        if (subscription.awaitPosition(target, Duration.ofNanos(slice))) {
          if (worker.position().compareTo(target) >= 0) {
            return true;
          }
          // handled but held back by the projection, which applies it when it catches up
          LockSupport.parkNanos(Math.min(slice, HELD_BACK_NANOS));
        }
      } catch (SubscriptionFailedException e) {
        // the supervisor marks the projection FAILED at its next tick
      }
      if (!subscription.isRunning()) {
        worker.changes().await(seen, slice);
      }
    }
  }
}
