package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * When a {@link ProjectionWorker} saves or commits its checkpoint between the forced flushes of
 * pause, stop and rebuild. A plain projection's checkpoint is saved once {@link
 * RunnerSettings#checkpointEvents()} events were processed since the last save, or at a full tick
 * once {@link RunnerSettings#checkpointInterval()} has passed, and only if it moved. A {@link
 * TransactionalProjection} commits once its oldest uncommitted event has waited its {@link
 * TransactionalProjection#commitDelay()}, and at the latest at a full tick.
 *
 * <p>The handler thread calls {@link #handled()} lock-free: it wakes the supervisor only when the
 * supervisor has nothing scheduled yet (a transactional projection) or the event count is
 * reached, so a busy projection does not wake it per event. Everything else runs under the
 * worker's lock.
 */
final class CheckpointCadence {
  private final ProjectionWorker worker;
  private final @Nullable TransactionalCheckpointing transactional;
  private final long eventsPerSave;
  private final long intervalNanos;
  /** The handler asked the supervisor to look at committing (cleared by the supervisor). */
  private final AtomicBoolean requested = new AtomicBoolean();
  /** The supervisor knows of pending events and has a commit scheduled at {@link #dueAt}. */
  private volatile boolean scheduled;
  private volatile long dueAt;
  private volatile long processedAtSave;
  private long savedAt = System.nanoTime();

  CheckpointCadence(ProjectionWorker worker, @Nullable TransactionalCheckpointing transactional) {
    this.worker = worker;
    this.transactional = transactional;
    this.eventsPerSave = worker.settings.checkpointEvents();
    this.intervalNanos = worker.settings.checkpointInterval().toNanos();
  }

  // ---- the handler thread, lock-free ----

  /** An event was handled or dead-lettered: wake the supervisor if it must act on it. */
  void handled() {
    if (transactional != null) {
      transactional.lastCommitted().ifPresent(committed -> {
        if (worker.claim().advance(committed)) {
          worker.changes().signal(); // a full batch committed by itself: wake position waiters
        }
      });
    }
    boolean wake = transactional != null
        ? !scheduled
        : worker.counters.processed() - processedAtSave >= eventsPerSave;
    if (wake && !requested.get() && requested.compareAndSet(false, true)) {
      worker.changes().signal();
    }
  }

  /** Asks the supervisor to look at once (a projection that needs redelivery). */
  void request() {
    requested.set(true);
    worker.changes().signal();
  }

  // ---- the supervisor, under the worker's lock unless said otherwise ----

  /** A tick begins: it looks at everything, so earlier requests and schedules are served. */
  void tickStarted() {
    requested.set(false);
    scheduled = false;
  }

  /** Whether the handler asked for a look since the last; lock-free. */
  boolean requested() {
    return requested.get();
  }

  /** Nanoseconds until a scheduled commit is due, or {@link Long#MAX_VALUE}; lock-free. */
  long nanosUntilDue() {
    return scheduled ? dueAt - System.nanoTime() : Long.MAX_VALUE;
  }

  /**
   * Saves or commits {@code position} if a threshold says so ({@code fullTick}: a full tick).
   *
   * @return false if the write was rejected: the worker is on standby now
   */
  boolean flushIfDue(Lease held, GlobalPosition position, boolean fullTick) {
    if (transactional != null) {
      return commitIfDue(transactional, position, fullTick);
    }
    long processed = worker.counters.processed();
    boolean due = processed - processedAtSave >= eventsPerSave
        || (fullTick && System.nanoTime() - savedAt >= intervalNanos);
    return !due || save(held, position);
  }

  /** Saves {@code position} now (pause, stop, rebuild, a failure); false if rejected. */
  boolean save(Lease held, GlobalPosition position) {
    long processed = worker.counters.processed();
    long start = System.nanoTime();
    Observer observer = worker.settings.observer();
    try {
      if (observer == Observer.NONE) {
        worker.claim().save(held, position);
      } else {
        ObservedWork.run(observer, WorkKind.COMMIT, worker.name, Metadata.empty(),
            () -> worker.claim().save(held, position));
      }
    } catch (StaleCheckpointException e) {
      worker.loseLease(e);
      return false;
    }
    worker.settings.observer().projectionCommitted(
        worker.name, (int) Math.min(Integer.MAX_VALUE, processed - processedAtSave),
        System.nanoTime() - start);
    processedAtSave = processed;
    savedAt = System.nanoTime();
    return true;
  }

  private boolean commitIfDue(TransactionalCheckpointing tx, GlobalPosition position,
      boolean fullTick) {
    // scheduled was cleared when the tick started, before looking: an event handled from then on
    // wakes the supervisor again
    if (tx.redeliveryNeeded()) {
      return tx.commit(position); // commits nothing new, then resubscribes from the stored one
    }
    OptionalLong since = tx.pendingSince();
    if (since.isPresent() && !fullTick) {
      long due = since.getAsLong() + tx.commitDelayNanos();
      if (due - System.nanoTime() > 0) {
        schedule(due);
        return true;
      }
    } else if (since.isEmpty() && !fullTick) {
      return true;
    }
    if (!tx.commit(position)) {
      return false;
    }
    OptionalLong next = tx.pendingSince(); // handled while committing
    if (next.isPresent()) {
      schedule(next.getAsLong() + tx.commitDelayNanos());
    }
    return true;
  }

  private void schedule(long due) {
    dueAt = due;
    scheduled = true;
  }
}
