package dev.eventcore.projection;

import dev.eventcore.internal.Threads;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor thread of one {@link ProjectionWorker}: while the worker is started it ticks,
 * under the worker's lock, every {@link RunnerSettings#tick()} or sooner on a state change or when
 * its {@link CheckpointCadence} has a save or commit due. A tick takes the lease over from
 * standby, renews it (at most once per tick interval), notices a failed or ended subscription,
 * saves or commits the checkpoint when due, samples the rate and reports rebuild progress. Its
 * thread and rebuild-progress clock are only touched under the worker's lock.
 */
final class ProjectionSupervisor {
  // the worker's logger: operators configure one category per projection worker
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

  private final ProjectionWorker worker;
  private final ReentrantLock lock;
  private @Nullable Thread thread;
  private Instant lastProgress = Instant.EPOCH;
  private final long tickNanos;
  /** When the last full tick ran ({@link System#nanoTime()}): the next is due a tick later. */
  private long lastFullTick;

  ProjectionSupervisor(ProjectionWorker worker, ReentrantLock lock) {
    this.worker = worker;
    this.lock = lock;
    this.tickNanos = worker.settings.tick().toNanos();
    this.lastFullTick = System.nanoTime();
  }

  /** Starts the thread unless one is already supervising. Under the lock. */
  void start() {
    if (thread != null) {
      return;
    }
    WakeUpSignal changes = worker.changes();
    long seen = changes.sequence(); // state changes until now need no tick
    Thread next = Threads.newThread(worker.settings.threadFactory(),
        "eventcore-projection-" + worker.name, () -> supervise(seen));
    thread = next;
    next.start();
  }

  /** Detaches the thread (it ends at its next tick) and returns it, if any. Under the lock. */
  @Nullable Thread detach() {
    Thread previous = thread;
    thread = null;
    return previous;
  }

  /** Rebuild progress is next reported one progress interval after {@code startedAt}. */
  void rebuildStarted(Instant startedAt) {
    lastProgress = startedAt;
  }

  /** Waits up to 30 seconds for a detached supervisor thread to end. */
  static void join(Thread detached) {
    try {
      detached.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void supervise(long initiallySeen) {
    WakeUpSignal changes = worker.changes();
    long seen = initiallySeen;
    while (true) {
      try {
        // woken early by a state change or a due save or commit; never later
        // than the next full tick, which renews the lease
        long wait = Math.min(tickNanos, lastFullTick + tickNanos - System.nanoTime());
        wait = Math.min(wait, worker.cadence().nanosUntilDue());
        if (wait > 0 && !worker.cadence().requested()) {
          changes.await(seen, wait);
        }
      } catch (InterruptedException e) {
        return;
      }
      lock.lock();
      try {
        if (thread != Thread.currentThread()) {
          return;
        }
        tick();
      } catch (RuntimeException e) {
        LOG.error("projection {}: supervisor tick failed: {}", worker.name, e.toString(), e);
        worker.recordError(ProjectionError.of(
            "projection " + worker.name + ": " + e, worker.position(), worker.now()));
      } finally {
        seen = changes.sequence(); // the tick's own state changes need no second tick
        lock.unlock();
      }
    }
  }

  private void tick() {
    String name = worker.name;
    long now = System.nanoTime();
    boolean due = now - lastFullTick >= tickNanos;
    if (due) {
      lastFullTick = now;
    }
    worker.cadence().tickStarted();
    if (worker.state() == ProjectionState.STANDBY) {
      worker.tryActivate();
      return;
    }
    Lease held = worker.claim().lease();
    if (held == null) {
      return;
    }
    // woken early (a state change, a due commit or save), the rest of the tick
    // runs, but the lease, renewed less than a tick ago, is not renewed again, nor the rate sampled
    if (due) {
      if (!held.renew()) {
        worker.loseLease("projection " + name + " could not renew its lease (token "
            + held.fencingToken() + "): it expired, another instance took it, or the renewal"
            + " failed; it stopped applying events and waits on standby");
        return;
      }
    }
    Run current = worker.currentRun();
    ProjectionState state = worker.state();
    if (current == null && worker.transactional()
        && (state == ProjectionState.RUNNING || state == ProjectionState.REBUILDING)) {
      worker.runs().resubscribe(); // an earlier restart after a failed commit could not load it
      return;
    }
    if (current != null) {
      Subscription subscription = current.subscription();
      Optional<SubscriptionFailedException> failure = subscription.failure();
      if (failure.isPresent()) {
        worker.fail(errorFor(failure.get()));
        return;
      }
      if (!subscription.isRunning()) {
        worker.fail(ProjectionError.of("projection " + name + " stopped: its subscription ended"
            + " (is the event store closed?)", subscription.position(), worker.now()));
        return;
      }
      if (!worker.flushIfDue(subscription.position(), due)) {
        return;
      }
    }
    if (due) {
      worker.counters.rate.sample(worker.now(), worker.counters.processed());
    }
    reportRebuildProgress();
  }

  private void reportRebuildProgress() {
    RebuildTracker tracker = worker.rebuildTracker().orElse(null);
    if (tracker != null && worker.state() == ProjectionState.REBUILDING) {
      Instant now = worker.now();
      long processed = worker.counters.processed();
      boolean finished = processed - tracker.processedAtStart() >= tracker.total();
      if (finished || !now.isBefore(lastProgress.plus(worker.settings.progressInterval()))) {
        lastProgress = now;
        Rebuilds.report(
            worker, tracker.progress(worker.name, worker.counters.processed(), now, finished));
      }
      if (finished) {
        worker.rebuildFinished();
      }
    }
  }

  private ProjectionError errorFor(SubscriptionFailedException failure) {
    String name = worker.name;
    ProjectionError error = worker.lastError().orElse(null);
    if (error != null && error.position().equals(failure.position()) && error.stream().isPresent()) {
      return new ProjectionError("projection " + name + " stopped at event " + error.stream().get()
          + "@" + error.version().orElseThrow() + " (position " + error.position() + ") after "
          + error.attempts() + " attempt(s); nothing after it is handled: " + failure.getCause(),
          error.position(), error.stream(), error.version(), error.attempts(), worker.now());
    }
    return ProjectionError.of("projection " + name + " stopped: " + failure.getMessage(),
        failure.position(), worker.now());
  }
}
