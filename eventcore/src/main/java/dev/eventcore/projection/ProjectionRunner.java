package dev.eventcore.projection;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.command.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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
 * }
 * }</pre>
 *
 * <p>A runner never runs a projection twice at once: every operation on one projection is
 * serialized, and at most one subscription of it exists. Across runners and processes the {@link
 * ProjectionLease} admits one active instance; the others wait in {@link ProjectionState#STANDBY}
 * and take over when the lease frees. Checkpoints are saved at every tick (and on pause and stop),
 * compare-and-set and fenced by the lease, so a stale instance's late write is rejected. A {@link
 * TransactionalProjection} also commits as soon as its subscription has caught up: its open
 * transaction would otherwise hold back the readers of a PostgreSQL store until the tick.
 *
 * <p>Thread-safe. Operations on an unknown name throw {@link IllegalArgumentException}; those not
 * allowed in the current state throw {@link IllegalStateException}.
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

  /** Stops every projection. Idempotent. */
  @Override
  void close();

  /** Builds a {@link ProjectionRunner}; every setting has a default. */
  final class Builder {
    private final EventStore store;
    private final CheckpointStore checkpoints;
    private ErrorPolicy errorPolicy = ErrorPolicy.defaults();
    private ProjectionLease lease = ProjectionLease.inProcess();
    private ProgressListener progressListener = ProgressListener.none();
    private Clock clock = Clock.systemUTC();
    private Optional<Sleeper> sleeper = Optional.empty();
    private Duration tick = Duration.ofMillis(200);
    private Duration progressInterval = Duration.ofSeconds(5);
    private String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID();

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
     * How often each projection's supervisor saves the checkpoint, renews the lease, checks for
     * failure and, in standby, tries to take over; 200 ms by default. A transactional projection
     * that has caught up commits at once, without waiting for the tick.
     */
    public Builder tick(Duration tick) {
      Objects.requireNonNull(tick, "tick");
      if (tick.isNegative() || tick.isZero()) {
        throw new IllegalArgumentException("tick must be positive but was " + tick);
      }
      this.tick = tick;
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

    /** The runner; no projection registered or started yet. */
    public ProjectionRunner build() {
      return new DefaultProjectionRunner(new RunnerSettings(store, checkpoints, errorPolicy,
          lease, progressListener, clock, sleeper, tick, progressInterval, owner));
    }
  }
}
