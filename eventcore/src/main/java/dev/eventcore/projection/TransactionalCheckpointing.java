package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ProjectionWorker} drives a {@link TransactionalProjection}, which saves its own
 * checkpoint with its writes: opens it fenced by the held lease from the stored checkpoint,
 * commits its pending writes with the handled position, and abandons its transaction when a run
 * closes or a commit fails. Called under the worker's lock.
 */
final class TransactionalCheckpointing {
  // the worker's logger: operators configure one category per projection worker
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

  private final ProjectionWorker worker;
  private final TransactionalProjection projection;
  private long processedAtCommit; // only on the supervisor thread

  TransactionalCheckpointing(ProjectionWorker worker, TransactionalProjection projection) {
    this.worker = worker;
    this.projection = projection;
  }

  /**
   * Loads the stored checkpoint, refuses it if a newer lease wrote it, and opens the projection.
   *
   * @return the position to subscribe from: the stored one
   */
  GlobalPosition open() {
    Lease held = worker.claim().require();
    Checkpoint stored = worker.settings.checkpoints().load(worker.name);
    worker.claim().checkpoint(stored);
    if (stored.fencingToken() > held.fencingToken()) {
      throw new StaleCheckpointException(stored, stored, held.fencingToken());
    }
    projection.open(stored, held.fencingToken());
    return stored.position();
  }

  /**
   * Commits the pending writes with {@code position}. A rejected commit means another instance
   * took over (now on standby, false); any other failure rolls back, and a live run restarts from
   * the stored checkpoint (true: the lease is still held).
   */
  boolean commit(GlobalPosition position) {
    long processed = worker.counters.processed();
    long start = System.nanoTime();
    try {
      Observer observer = worker.settings.observer();
      worker.claim().checkpoint(observer == Observer.NONE
          ? projection.commit(position)
          : ObservedWork.call(observer, WorkKind.COMMIT, worker.name, Metadata.empty(),
              () -> projection.commit(position)));
      worker.settings.observer().projectionCommitted(worker.name,
          (int) Math.min(Integer.MAX_VALUE, processed - processedAtCommit),
          System.nanoTime() - start);
      processedAtCommit = processed;
      worker.changes().signal();
      if (projection.redeliveryNeeded()) {
        // a batch failed: what preceded the event at fault is committed; that event and the ones
        // after it come again from the stored checkpoint, the one at fault alone
        worker.runs().restartFromStored();
      }
      return true;
    } catch (StaleCheckpointException e) {
      projection.abandon();
      worker.loseLease(e);
      return false;
    } catch (RuntimeException e) {
      projection.abandon();
      ProjectionError error = ProjectionError.of("projection " + worker.name + ": commit failed,"
          + " rolled back; it resumes from its stored checkpoint: " + e,
          worker.claim().checkpoint().position(), worker.now());
      worker.recordError(error);
      LOG.warn("{}", error.message(), e);
      worker.runs().restartFromStored();
      return true;
    }
  }

  /** When the oldest uncommitted event was handled ({@link System#nanoTime()}), if any. */
  OptionalLong pendingSince() {
    return projection.pendingSince();
  }

  Optional<Checkpoint> lastCommitted() {
    return projection.lastCommitted();
  }

  long commitDelayNanos() {
    return projection.commitDelay().toNanos();
  }

  boolean redeliveryNeeded() {
    return projection.redeliveryNeeded();
  }

  /** Rolls back and releases the projection's transaction; a later open or reset starts afresh. */
  void abandon() {
    projection.abandon();
  }
}
