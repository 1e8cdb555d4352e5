package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.spi.WakeUpSignal;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One projection in one runner: its state machine. Every transition holds {@link #lock}, so
 * operations on the projection are serialized and at most one {@link Run} exists at a time. A
 * supervisor thread ticks while it is started: takes the lease over from standby, renews it,
 * saves the checkpoint, notices failures, reports rebuild progress. Handlers never take the lock.
 */
final class ProjectionWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

  final Projection projection;
  final String name;
  final RunnerSettings settings;
  private final ErrorPolicy policy;
  private final ReentrantLock lock = new ReentrantLock();
  private final WakeUpSignal changes = new WakeUpSignal();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  final RateMeter rate = new RateMeter();
  /** Set when the projection saves its own checkpoint with its writes; null otherwise. */
  private final @Nullable TransactionalProjection transactional;

  // written under the lock; volatile for the lock-free readers (status, awaitPosition)
  private volatile ProjectionState state = ProjectionState.STOPPED;
  private volatile @Nullable Lease lease;
  private volatile @Nullable Run run;
  private volatile Checkpoint checkpoint;
  private volatile @Nullable RebuildTracker rebuild;
  private volatile @Nullable ProjectionError lastError;
  private @Nullable Thread supervisor;
  private Instant lastProgress = Instant.EPOCH;

  ProjectionWorker(Projection projection, ErrorPolicy policy, RunnerSettings settings) {
    this.projection = projection;
    this.name = projection.name();
    this.policy = policy;
    this.settings = settings;
    this.checkpoint = Checkpoint.initial(name);
    this.transactional =
        projection instanceof TransactionalProjection ? (TransactionalProjection) projection : null;
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
        startSupervisor();
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
      if (closeRun(true)) {
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
      subscribe(checkpoint.position());
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
      if (lease != null) {
        closeRun(true);
        releaseLease();
      }
      rebuild = null;
      setState(ProjectionState.STOPPED);
      previous = supervisor;
      supervisor = null;
    } finally {
      lock.unlock();
    }
    if (previous != null && previous != Thread.currentThread()) {
      joinQuietly(previous);
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
          startSupervisor();
        }
        if (!active) {
          throw new IllegalStateException("projection " + name + " cannot be rebuilt here:"
              + " another instance holds its lease; this one now waits on standby");
        }
      }
      if (!closeRun(true)) {
        throw new IllegalStateException("projection " + name + " lost its lease; not rebuilt");
      }
      new Rebuilds(this).begin();
    } finally {
      lock.unlock();
    }
  }

  // ---- called by Rebuilds under the lock ----

  void beginRebuild(RebuildTracker tracker) {
    rebuild = tracker;
    rate.reset();
    subscribe(GlobalPosition.START);
    setState(ProjectionState.REBUILDING);
    lastProgress = tracker.startedAt();
  }

  long processed() {
    return handled.get() + deadLettered.get();
  }

  // ---- called by the handler thread, lock-free ----

  void handledOne() {
    handled.incrementAndGet();
  }

  void deadLetteredOne() {
    deadLettered.incrementAndGet();
  }

  void recordError(ProjectionError error) {
    lastError = error;
  }

  // ---- the supervisor ----

  private void startSupervisor() {
    if (supervisor != null) {
      return;
    }
    long seen = changes.sequence(); // state changes until now need no tick
    Thread thread = new Thread(() -> supervise(seen), "eventcore-projection-" + name);
    thread.setDaemon(true);
    supervisor = thread;
    thread.start();
  }

  private void supervise(long initiallySeen) {
    long tickNanos = settings.tick().toNanos();
    long seen = initiallySeen;
    while (true) {
      try {
        changes.await(seen, tickNanos); // woken early by a state change
      } catch (InterruptedException e) {
        return;
      }
      lock.lock();
      try {
        if (supervisor != Thread.currentThread()) {
          return;
        }
        tick();
      } catch (RuntimeException e) {
        LOG.error("projection {}: supervisor tick failed: {}", name, e.toString(), e);
        lastError = ProjectionError.of("projection " + name + ": " + e, position(), now());
      } finally {
        seen = changes.sequence(); // the tick's own state changes need no second tick
        lock.unlock();
      }
    }
  }

  private void tick() {
    if (state == ProjectionState.STANDBY) {
      tryActivate();
      return;
    }
    Lease held = lease;
    if (held == null) {
      return;
    }
    if (!held.renew()) {
      loseLease("projection " + name + " lost its lease (token " + held.fencingToken()
          + ") to another instance; it stopped applying events and waits on standby");
      return;
    }
    Run current = run;
    if (current == null && transactional != null
        && (state == ProjectionState.RUNNING || state == ProjectionState.REBUILDING)) {
      resubscribe(); // an earlier restart after a failed commit could not load the checkpoint
      return;
    }
    if (current != null) {
      Subscription subscription = current.subscription();
      Optional<SubscriptionFailedException> failure = subscription.failure();
      if (failure.isPresent()) {
        fail(errorFor(failure.get()));
        return;
      }
      if (!subscription.isRunning()) {
        fail(ProjectionError.of("projection " + name + " stopped: its subscription ended (is the"
            + " event store closed?)", subscription.position(), now()));
        return;
      }
      if (!flush(subscription.position())) {
        return;
      }
    }
    rate.sample(now(), processed());
    RebuildTracker tracker = rebuild;
    if (tracker != null && state == ProjectionState.REBUILDING) {
      Instant now = now();
      boolean finished = processed() - tracker.processedAtStart() >= tracker.total();
      if (finished || !now.isBefore(lastProgress.plus(settings.progressInterval()))) {
        lastProgress = now;
        Rebuilds.report(this, tracker.progress(name, processed(), now, finished));
      }
      if (finished) {
        rebuild = null;
        setState(ProjectionState.RUNNING);
      }
    }
  }

  private ProjectionError errorFor(SubscriptionFailedException failure) {
    ProjectionError error = lastError;
    if (error != null && error.position().equals(failure.position()) && error.stream().isPresent()) {
      return new ProjectionError("projection " + name + " stopped at event " + error.stream().get()
          + "@" + error.version().orElseThrow() + " (position " + error.position() + ") after "
          + error.attempts() + " attempt(s); nothing after it is handled: " + failure.getCause(),
          error.position(), error.stream(), error.version(), error.attempts(), now());
    }
    return ProjectionError.of("projection " + name + " stopped: " + failure.getMessage(),
        failure.position(), now());
  }

  // ---- transitions (under the lock) ----

  /** Takes the lease and runs from the claimed checkpoint; false if another instance holds it. */
  private boolean tryActivate() {
    Optional<Lease> granted = settings.lease().tryAcquire(name, settings.owner());
    if (granted.isEmpty()) {
      return false;
    }
    Lease held = granted.get();
    try {
      checkpoint = Checkpoints.claim(settings.checkpoints(), name, held.fencingToken());
    } catch (StaleCheckpointException e) {
      held.close();
      lastError = ProjectionError.of(e.getMessage(), checkpoint.position(), now());
      return false;
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    lease = held;
    subscribe(checkpoint.position());
    setState(ProjectionState.RUNNING);
    LOG.info("projection {} is active from position {} (owner {}, lease token {})",
        name, checkpoint.position(), settings.owner(), held.fencingToken());
    return true;
  }

  private void subscribe(GlobalPosition requested) {
    if (run != null) {
      throw new IllegalStateException("projection " + name + " already has a subscription");
    }
    GlobalPosition from = requested;
    TransactionalProjection tx = transactional;
    if (tx != null) {
      // it commits its own checkpoint: always continue from what is stored now
      Lease held = requireLease();
      checkpoint = settings.checkpoints().load(name);
      if (checkpoint.fencingToken() > held.fencingToken()) {
        throw new StaleCheckpointException(checkpoint, checkpoint, held.fencingToken());
      }
      tx.open(checkpoint, held.fencingToken());
      from = checkpoint.position();
    }
    Run next = new Run();
    next.attach(settings.store().subscribe(
        from, projection.filter(), new GuardedHandler(this, projection, policy, settings, next)));
    run = next;
  }

  /**
   * Closes the current run, if any, and saves its position when {@code save}.
   *
   * @return false if the save was rejected: the lease was lost, the worker is on standby
   */
  private boolean closeRun(boolean save) {
    Run current = run;
    if (current == null) {
      return true;
    }
    current.close();
    run = null;
    boolean saved = !save || flush(current.subscription().position());
    if (transactional != null) {
      transactional.abandon(); // releases its connection; a later open or reset starts afresh
    }
    return saved;
  }

  /** Saves {@code position} if it moved; false (now on standby) if the write was rejected. */
  boolean flush(GlobalPosition position) {
    Lease held = lease;
    if (held == null) {
      return true;
    }
    if (transactional != null) {
      return commit(transactional, position);
    }
    if (position.equals(checkpoint.position())) {
      return true;
    }
    try {
      checkpoint = settings.checkpoints().save(checkpoint, position, held.fencingToken());
      return true;
    } catch (StaleCheckpointException e) {
      loseLease(e.getMessage());
      return false;
    }
  }

  /**
   * Commits a transactional projection's pending writes with its checkpoint. A rejected commit
   * means another instance took over (now on standby, false); any other failure rolls back, and
   * a live run restarts from the stored checkpoint (true: the lease is still held).
   */
  private boolean commit(TransactionalProjection tx, GlobalPosition position) {
    try {
      checkpoint = tx.commit(position);
      changes.signal();
      return true;
    } catch (StaleCheckpointException e) {
      tx.abandon();
      loseLease(e.getMessage());
      return false;
    } catch (RuntimeException e) {
      tx.abandon();
      lastError = ProjectionError.of("projection " + name + ": commit failed, rolled back; it"
          + " resumes from its stored checkpoint: " + e, checkpoint.position(), now());
      LOG.warn("{}", lastError.message(), e);
      Run current = run;
      if (current != null) {
        current.close();
        run = null;
        resubscribe();
      }
      return true;
    }
  }

  /** Continues a transactional projection from its stored checkpoint. */
  private void resubscribe() {
    try {
      subscribe(checkpoint.position());
    } catch (StaleCheckpointException e) {
      loseLease(e.getMessage());
    }
  }

  /** Whether the projection commits its own checkpoint ({@link TransactionalProjection}). */
  boolean transactional() {
    return transactional != null;
  }

  void fail(ProjectionError error) {
    try {
      closeRun(true);
    } catch (RuntimeException e) {
      LOG.warn("projection {}: could not save its checkpoint while failing: {}", name, e.toString());
    }
    releaseLease();
    rebuild = null;
    lastError = error;
    supervisor = null;
    setState(ProjectionState.FAILED);
    LOG.error("{}", error.message());
  }

  private void loseLease(String why) {
    closeRun(false);
    releaseLease();
    rebuild = null;
    lastError = ProjectionError.of(why, checkpoint.position(), now());
    setState(ProjectionState.STANDBY);
    LOG.warn("{}", why);
  }

  private void releaseLease() {
    Lease held = lease;
    lease = null;
    if (held != null) {
      held.close();
    }
  }

  private Lease requireLease() {
    Lease held = lease;
    if (held == null) {
      throw new IllegalStateException("projection " + name + " does not hold its lease");
    }
    return held;
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

  // ---- lock-free views ----

  ProjectionState state() {
    return state;
  }

  GlobalPosition position() {
    if (transactional != null) {
      return checkpoint.position(); // what is committed, not merely handled
    }
    Run current = run;
    return current != null ? current.subscription().position() : checkpoint.position();
  }

  @Nullable Run currentRun() {
    return run;
  }

  Optional<ProjectionError> lastError() {
    return Optional.ofNullable(lastError);
  }

  Optional<RebuildTracker> rebuildTracker() {
    return Optional.ofNullable(rebuild);
  }

  long handled() {
    return handled.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  WakeUpSignal changes() {
    return changes;
  }

  Instant now() {
    return settings.clock().instant();
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  ProjectionStatus status() {
    return Probes.status(this);
  }

  boolean awaitPosition(GlobalPosition target, Duration timeout) throws InterruptedException {
    return Probes.awaitPosition(this, target, timeout);
  }
}
