package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link ProjectionWorker} holds of its projection: the lease, if any, and the last
 * checkpoint it claimed, saved or loaded. Checkpoint writes are fenced with the lease's token.
 * Written under the worker's lock; volatile for the worker's lock-free views.
 */
final class ProjectionClaim {
  private final ProjectionWorker worker;
  private volatile @Nullable Lease lease;
  private volatile Checkpoint checkpoint;

  ProjectionClaim(ProjectionWorker worker) {
    this.worker = worker;
    this.checkpoint = Checkpoint.initial(worker.name);
  }

  /**
   * Takes the lease and claims the checkpoint under its token.
   *
   * @return false if another instance holds the lease, or a newer holder wrote the checkpoint
   */
  boolean acquire() {
    RunnerSettings settings = worker.settings;
    Optional<Lease> granted = settings.lease().tryAcquire(worker.name, settings.owner());
    if (granted.isEmpty()) {
      return false;
    }
    Lease held = granted.get();
    try {
      checkpoint = Checkpoints.claim(settings.checkpoints(), worker.name, held.fencingToken());
    } catch (StaleCheckpointException e) {
      held.close();
      worker.recordError(ProjectionError.of(ProjectionWorker.messageOf(e), checkpoint.position(),
          worker.now()));
      return false;
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    lease = held;
    settings.observer().leaseChanged(worker.name, true);
    return true;
  }

  /**
   * Saves {@code position} under {@code held}'s token if it moved.
   *
   * @throws StaleCheckpointException if a newer lease holder wrote the checkpoint
   */
  void save(Lease held, GlobalPosition position) {
    if (!position.equals(checkpoint.position())) {
      checkpoint = worker.settings.checkpoints().save(checkpoint, position, held.fencingToken());
    }
  }

  /** Closes the lease, if held. */
  void release() {
    Lease held = lease;
    lease = null;
    if (held != null) {
      held.close();
      worker.settings.observer().leaseChanged(worker.name, false);
    }
  }

  Lease require() {
    Lease held = lease;
    if (held == null) {
      throw new IllegalStateException("projection " + worker.name + " does not hold its lease");
    }
    return held;
  }

  @Nullable Lease lease() {
    return lease;
  }

  Checkpoint checkpoint() {
    return checkpoint;
  }

  synchronized void checkpoint(Checkpoint next) {
    checkpoint = next;
  }

  /**
   * Takes {@code committed} if it is newer than the claimed checkpoint (a transactional projection
   * committed by itself); lock-free for the handler thread.
   *
   * @return whether it was newer
   */
  synchronized boolean advance(Checkpoint committed) {
    if (committed.revision() <= checkpoint.revision()) {
      return false;
    }
    checkpoint = committed;
    return true;
  }
}
