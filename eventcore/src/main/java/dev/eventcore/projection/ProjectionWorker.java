package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.internal.WakeUpSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One projection in one runner: its state machine. Every transition holds {@link #lock}, so
 * operations on the projection are serialized and at most one {@link Run} exists at a time. A
 * {@link ProjectionSupervisor} ticks while it is started; {@link ProjectionClaim} holds its lease
 * and checkpoint; {@link ProjectionRuns} opens and closes its subscription; a {@link
 * TransactionalCheckpointing} drives a {@link TransactionalProjection}; {@link DeadLetterReplays}
 * replays its dead letters. Handlers never take the lock.
 */
final class ProjectionWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

  final Projection projection;
  final String name;
  final RunnerSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final WakeUpSignal changes = new WakeUpSignal();
  final ProjectionCounters counters = new ProjectionCounters();
  /** Set when the projection saves its own checkpoint with its writes; null otherwise. */
  private final @Nullable TransactionalCheckpointing transactional;
  private final ProjectionClaim claim;
  private final ProjectionRuns runs;
  private final CheckpointCadence cadence;
  private final ProjectionSupervisor supervisor;

  // written under the lock; volatile for the lock-free readers (status, awaitPosition)
  private volatile ProjectionState state = ProjectionState.STOPPED;
  private volatile @Nullable RebuildTracker rebuild;
  private volatile @Nullable ProjectionError lastError;

  ProjectionWorker(Projection projection, ErrorPolicy policy, RunnerSettings settings) {
    this.projection = projection;
    this.name = projection.name();
    this.settings = settings;
    this.claim = new ProjectionClaim(this);
    this.transactional = projection instanceof TransactionalProjection
        ? new TransactionalCheckpointing(this, (TransactionalProjection) projection)
        : null;
    this.runs = new ProjectionRuns(this, policy, transactional);
    this.cadence = new CheckpointCadence(this, transactional);
    this.supervisor = new ProjectionSupervisor(this, lock);
  }

  // ---- operations (user threads) ----

  void start() {
    lock.lock();
    try {
      if (state != ProjectionState.STOPPED && state != ProjectionState.FAILED) {
        return;
      }
      setState(ProjectionState.STANDBY);
      try {
        tryActivate();
      } finally {
        supervisor.start();
      }
    } finally {
      lock.unlock();
    }
  }

  void pause() {
    lock.lock();
    try {
      if (state == ProjectionState.PAUSED) {
        return;
      }
      requireActive("paused");
      if (runs.close(true)) {
        setState(ProjectionState.PAUSED);
      }
    } finally {
      lock.unlock();
    }
  }

  void resume() {
    lock.lock();
    try {
      if (state == ProjectionState.RUNNING || state == ProjectionState.REBUILDING) {
        return;
      }
      if (state != ProjectionState.PAUSED) {
        throw new IllegalStateException("projection " + name + " is " + state
            + "; only a paused projection can be resumed");
      }
      runs.subscribe(claim.checkpoint().position());
      setState(rebuild == null ? ProjectionState.RUNNING : ProjectionState.REBUILDING);
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    Thread previous;
    lock.lock();
    try {
      if (state == ProjectionState.STOPPED) {
        return;
      }
      if (claim.lease() != null) {
        runs.close(true);
        claim.release();
      }
      rebuild = null;
      setState(ProjectionState.STOPPED);
      previous = supervisor.detach();
    } finally {
      lock.unlock();
    }
    if (previous != null && previous != Thread.currentThread()) {
      ProjectionSupervisor.join(previous);
    }
  }

  void rebuild() {
    lock.lock();
    try {
      if (state == ProjectionState.STANDBY) {
        throw new IllegalStateException("projection " + name + " cannot be rebuilt here: another"
            + " instance holds its lease (this one is on standby)");
      }
      if (state == ProjectionState.STOPPED || state == ProjectionState.FAILED) {
        setState(ProjectionState.STANDBY);
        boolean active;
        try {
          active = tryActivate();
        } finally {
          supervisor.start();
        }
        if (!active) {
          throw new IllegalStateException("projection " + name + " cannot be rebuilt here:"
              + " another instance holds its lease; this one now waits on standby");
        }
      }
      if (!runs.close(true)) {
        throw new IllegalStateException("projection " + name + " lost its lease; not rebuilt");
      }
      new Rebuilds(this).begin();
    } finally {
      lock.unlock();
    }
  }

  ReplayResult replayDeadLetters(@Nullable GlobalPosition position) {
    lock.lock();
    try {
      return new DeadLetterReplays(this).replay(position);
    } finally {
      lock.unlock();
    }
  }

  // ---- called by Rebuilds and the supervisor under the lock ----

  void beginRebuild(RebuildTracker tracker) {
    rebuild = tracker;
    counters.rate.reset();
    runs.subscribe(GlobalPosition.START);
    setState(ProjectionState.REBUILDING);
    supervisor.rebuildStarted(tracker.startedAt());
  }

  void rebuildFinished() {
    rebuild = null;
    setState(ProjectionState.RUNNING);
  }

  // ---- called by the handler thread, lock-free ----

  void recordError(ProjectionError error) {
    lastError = error;
  }

  // ---- transitions (under the lock) ----

  /**
   * Takes the lease and runs from the claimed checkpoint, or rebuilds when the lease carries a
   * rebuild request; false if another instance holds it.
   */
  boolean tryActivate() {
    if (!claim.acquire()) {
      return false;
    }
    Lease held = claim.require();
    if (held.rebuildRequested()) {
      new Rebuilds(this).beginRequested(held);
      return true;
    }
    runs.subscribe(claim.checkpoint().position());
    setState(ProjectionState.RUNNING);
    LOG.info("projection {} is active from position {} (owner {}, lease token {})",
        name, claim.checkpoint().position(), settings.owner(), held.fencingToken());
    if (held.replayRequested()) {
      DeadLetterReplays.requested(this, held);
    }
    return true;
  }

  /** Saves {@code position} now if it moved; false (now on standby) if the write was rejected. */
  boolean flush(GlobalPosition position) {
    Lease held = claim.lease();
    return held == null || (transactional != null ? transactional.commit(position)
        : cadence.save(held, settled(position)));
  }

  /** Saves or commits {@code position} if a threshold is reached; false if rejected. */
  boolean flushIfDue(GlobalPosition position, boolean fullTick) {
    Lease held = claim.lease();
    return held == null
        || cadence.flushIfDue(held, transactional != null ? position : settled(position), fullTick);
  }

  /** Whether the projection commits its own checkpoint ({@link TransactionalProjection}). */
  boolean transactional() {
    return transactional != null;
  }

  void fail(ProjectionError error) {
    try {
      runs.close(true);
    } catch (RuntimeException e) {
      LOG.warn("projection {}: could not save its checkpoint while failing: {}", name,
          e.toString(), e);
    }
    claim.release();
    rebuild = null;
    lastError = error;
    supervisor.detach();
    setState(ProjectionState.FAILED);
    LOG.error("{}", error.message());
  }

  void loseLease(StaleCheckpointException why) {
    loseLease(messageOf(why));
  }

  void loseLease(String why) {
    runs.close(false);
    claim.release();
    rebuild = null;
    lastError = ProjectionError.of(why, claim.checkpoint().position(), now());
    setState(ProjectionState.STANDBY);
    LOG.warn("{}", why);
  }

  private void requireActive(String what) {
    if (state != ProjectionState.RUNNING && state != ProjectionState.REBUILDING) {
      throw new IllegalStateException("projection " + name + " is " + state
          + "; only a running or rebuilding projection can be " + what);
    }
  }

  private void setState(ProjectionState next) {
    state = next;
    changes.signal();
  }

  ProjectionClaim claim() {
    return claim;
  }

  ProjectionRuns runs() {
    return runs;
  }

  // ---- lock-free views ----

  ProjectionState state() {
    return state;
  }

  GlobalPosition position() {
    if (transactional != null) {
      return claim.checkpoint().position(); // what is committed, not merely handled
    }
    Run current = runs.current();
    return current != null ? settled(current.subscription().position())
        : claim.checkpoint().position();
  }

  /** {@code handled}, or less where the projection still holds events back. */
  private GlobalPosition settled(GlobalPosition handled) {
    GlobalPosition settled = projection.settledUpTo(handled);
    return settled.isAfter(handled) ? handled : settled;
  }

  @Nullable Run currentRun() {
    return runs.current();
  }

  Optional<ProjectionError> lastError() {
    return Optional.ofNullable(lastError);
  }

  Optional<RebuildTracker> rebuildTracker() {
    return Optional.ofNullable(rebuild);
  }

  CheckpointCadence cadence() {
    return cadence;
  }

  WakeUpSignal changes() {
    return changes;
  }

  Instant now() {
    return settings.clock().instant();
  }

  ProjectionStatus status() {
    return Probes.status(this);
  }

  boolean awaitPosition(GlobalPosition target, Duration timeout) throws InterruptedException {
    return Probes.awaitPosition(this, target, timeout);
  }

  /** The message of {@code e}, else its class name: what an error report shows. */
  static String messageOf(Exception e) {
    String message = e.getMessage();
    return message != null ? message : e.toString();
  }
}
