package dev.eventcore.projection;

import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.observe.Observer;
import dev.eventcore.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;

/**
 * Runs projections: each on its own subscription from its checkpoint, under its lease, with its
 * error policy; start, pause, resume, stop and rebuild on request; status with lag and rate.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).build()) {
 *   runner.register(orderTotals);
 *   runner.start("order-totals");
 *   AppendResult written = store.append(...);
 *   runner.awaitPosition("order-totals", written.lastPosition(), Duration.ofSeconds(2));
 *   runner.rebuild("order-totals");            // reset, replay with progress, then run live
 *   ProjectionStatus status = runner.status("order-totals");
 *   ReplayResult replay = runner.replayDeadLetters("order-totals"); // after fixing the cause
 * }
 * }</pre>
 *
 * <p>A runner never runs a projection twice at once: every operation on one projection is
 * serialized, and at most one subscription of it exists. Across runners and processes the {@link
 * ProjectionLease} admits one active instance; the others wait in {@link ProjectionState#STANDBY}
 * and take over when the lease frees. A projection's checkpoint is saved after {@link
 * Builder#checkpointEvery} events or once its interval has passed (only if it moved), and on
 * pause, stop and rebuild, compare-and-set and fenced by the lease, so a stale instance's late
 * write is rejected. After a crash a projection sees again the events after its last saved
 * checkpoint: at most about that many events or that much time's worth. A {@link
 * TransactionalProjection} commits its own checkpoint with its writes (exactly once, never seen
 * again): once its oldest uncommitted event has waited its {@link
 * TransactionalProjection#commitDelay()}, when it fills a batch, and at the latest at the tick.
 *
 * <p>Thread-safe. Operations on an unknown name throw {@link IllegalArgumentException}; those not
 * allowed in the current state throw {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public interface ProjectionRunner extends AutoCloseable {

  /** A builder over {@code store}, keeping checkpoints in {@code checkpoints}. */
  static Builder builder(EventStore store, CheckpointStore checkpoints) {
    return new Builder(store, checkpoints);
  }

  /** Registers {@code projection} under the runner's default error policy; does not start it. */
  void register(Projection projection);

  /** Registers {@code projection} with its own error policy; does not start it. */
  void register(Projection projection, ErrorPolicy errorPolicy);

  /**
   * Starts a stopped or failed projection from its checkpoint: RUNNING if its lease is free,
   * STANDBY otherwise. A no-op when it is already started.
   */
  void start(String name);

  /** Starts every registered projection. */
  void startAll();

  /** Stops applying events, saves the checkpoint and keeps the lease. Idempotent. */
  void pause(String name);

  /** Continues a paused projection (a paused rebuild continues as a rebuild). Idempotent. */
  void resume(String name);

  /** Stops, saves the checkpoint and releases the lease. Idempotent. */
  void stop(String name);

  /**
   * Calls the projection's {@link Projection#reset()}, sets its checkpoint to START, and replays
   * the log ({@link ProjectionState#REBUILDING}, progress to the listener and the log), then runs
   * live. Starts the projection if needed.
   *
   * @throws IllegalStateException if another instance holds the projection's lease
   * @throws ProjectionFailedException if the reset hook throws
   */
  void rebuild(String name);

  /** The projection's status now; queries the store for the lag. */
  ProjectionStatus status(String name);

  /** The status of every registered projection, in registration order. */
  List<ProjectionStatus> statuses();

  /**
   * Waits until the projection is done with {@code position} (handled it, or passed it over by its
   * filter): read-your-writes after an append.
   *
   * @return true once done; false if {@code timeout} passed first
   * @throws ProjectionFailedException if the projection fails before reaching it
   */
  boolean awaitPosition(String name, GlobalPosition position, Duration timeout)
      throws InterruptedException;

  /**
   * Runs the projection's handler again on every event it dead-lettered ({@link
   * ErrorPolicy#retryThenDeadLetter}), in the order of its letters, once each (no retries): after
   * the cause was fixed. Each event is read back from the log at its position as the subscription
   * delivers it; a stored event that could not be decoded comes raw and, if it still cannot be
   * decoded, stays. On success an event's letters are removed; a {@link TransactionalProjection}
   * removes them in the transaction of its writes ({@code JdbcProjection} with a dead-letter store
   * of its database), so the writes and the removal commit together or not at all. On failure they
   * stay with attempts and error updated. A plain projection's handler effects are not undone when
   * the removal fails afterwards: replaying again applies the event again.
   *
   * <p>Replays never run beside the live handler: the projection's operations are serialized. A
   * running projection stops applying live events for the replay (its checkpoint is saved) and
   * continues from that checkpoint afterwards, so no live event is skipped, applied twice or
   * reordered; a paused one stays paused; a stopped or failed one takes its lease for the replay
   * and releases it. The replayed events are applied after later events were, out of log order:
   * that is what replaying a dead letter means.
   *
   * @return the letters replayed and those still failing; both empty when there are none
   * @throws IllegalArgumentException if no projection is registered under {@code name}
   * @throws IllegalStateException if it is not registered with a dead-letter policy, is
   *     rebuilding (the rebuild delivers those events again), or another instance holds its lease
   */
  ReplayResult replayDeadLetters(String name);

  /**
   * {@link #replayDeadLetters} for the event at {@code position} only.
   *
   * @throws IllegalArgumentException if the projection has no dead letter at {@code position}
   */
  ReplayResult replayDeadLetter(String name, GlobalPosition position);

  /**
   * {@link #replayDeadLetters} for the event {@code eventId} only.
   *
   * @throws IllegalArgumentException if the projection has no dead letter of {@code eventId}
   */
  ReplayResult replayDeadLetter(String name, EventId eventId);

  /** Stops every projection. Idempotent. */
  @Override
  void close();

  /** Events after which a plain projection's checkpoint is saved, unless configured. */
  int DEFAULT_CHECKPOINT_EVENTS = 1_000;

  /** Time after which a plain projection's moved checkpoint is saved, unless configured. */
  Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  /** Builds a {@link ProjectionRunner}; every setting has a default. */
  final class Builder {
    private final EventStore store;
    private final CheckpointStore checkpoints;
    private ErrorPolicy errorPolicy = ErrorPolicy.defaults();
    private ProjectionLease lease = ProjectionLease.inProcess();
    private ProgressListener progressListener = ProgressListener.none();
    private Observer observer = Observer.NONE;
    private Clock clock = Clock.systemUTC();
    private Optional<Sleeper> sleeper = Optional.empty();
    private Duration tick = Duration.ofMillis(200);
    private int checkpointEvents = DEFAULT_CHECKPOINT_EVENTS;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private Duration progressInterval = Duration.ofSeconds(5);
    private String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private Optional<ThreadFactory> threadFactory = Optional.empty();

    private Builder(EventStore store, CheckpointStore checkpoints) {
      this.store = Objects.requireNonNull(store, "store");
      this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    }

    /** The error policy of projections registered without one; {@link ErrorPolicy#defaults()}. */
    public Builder errorPolicy(ErrorPolicy errorPolicy) {
      this.errorPolicy = Objects.requireNonNull(errorPolicy, "errorPolicy");
      return this;
    }

    /** Who may run which projection; {@link ProjectionLease#inProcess()} of this runner. */
    public Builder lease(ProjectionLease lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** Receives rebuild progress; none by default. */
    public Builder progressListener(ProgressListener progressListener) {
      this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
      return this;
    }

    /** The clock for rates, lag times and error times; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Waits between retries of a failed event. By default the runner waits itself and stops
     * waiting when the projection is paused or stopped; tests pass a fake that returns at once.
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Optional.of(Objects.requireNonNull(sleeper, "sleeper"));
      return this;
    }

    /**
     * How often each projection's supervisor renews the lease, checks for failure and, in
     * standby, tries to take over; 200 ms by default. A transactional projection commits at the
     * latest at the tick; checkpoints are otherwise saved as {@link #checkpointEvery} says.
     */
    public Builder tick(Duration tick) {
      Objects.requireNonNull(tick, "tick");
      if (tick.isNegative() || tick.isZero()) {
        throw new IllegalArgumentException("tick must be positive but was " + tick);
      }
      this.tick = tick;
      return this;
    }

    /**
     * When a projection that is not a {@link TransactionalProjection} saves its checkpoint: once
     * {@code events} events were processed since the last save, or once {@code interval} has
     * passed (checked at the tick), whichever comes first, and only if it moved; always on pause,
     * stop and rebuild. By default {@value ProjectionRunner#DEFAULT_CHECKPOINT_EVENTS} events or
     * 1 s. After a crash the projection sees again at most about that many events, or that
     * interval's worth.
     *
     * @throws IllegalArgumentException if {@code events} is below 1 or {@code interval} is not
     *     positive
     */
    public Builder checkpointEvery(int events, Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (events < 1) {
        throw new IllegalArgumentException(
            "checkpointEvery events must be >= 1 but was " + events);
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "checkpointEvery interval must be positive but was " + interval);
      }
      this.checkpointEvents = events;
      this.checkpointInterval = interval;
      return this;
    }

    /** How often rebuild progress goes to the listener and an INFO log line; 5 s by default. */
    public Builder progressInterval(Duration progressInterval) {
      Objects.requireNonNull(progressInterval, "progressInterval");
      if (progressInterval.isNegative()) {
        throw new IllegalArgumentException(
            "progressInterval must be >= 0 but was " + progressInterval);
      }
      this.progressInterval = progressInterval;
      return this;
    }

    /** This instance's name in leases and logs; the pid and a random UUID by default. */
    public Builder owner(String owner) {
      Objects.requireNonNull(owner, "owner");
      if (owner.isBlank()) {
        throw new IllegalArgumentException("owner must not be blank");
      }
      this.owner = owner;
      return this;
    }

    /**
     * Who hears the runner's checkpoint commits, dead letters, lease changes and rebuild progress;
     * default {@link Observer#NONE}. Lag is read from {@link ProjectionRunner#status} when asked.
     */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Makes the thread that supervises each started projection (lease, checkpoints, failure); by
     * default a daemon thread named {@code eventcore-projection-<name>}. Its threads keep the
     * names it gives; on Java 21 {@code Thread.ofVirtual().factory()} runs them on virtual
     * threads. The subscriptions that deliver events run on the store's threads.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /** The runner; no projection registered or started yet. */
    public ProjectionRunner build() {
      return new DefaultProjectionRunner(new RunnerSettings(store, checkpoints, errorPolicy,
          lease, progressListener, clock, sleeper, tick, checkpointEvents, checkpointInterval,
          progressInterval, owner, Observer.of(observer), threadFactory));
    }
  }
}
