package dev.eventcore.saga;

import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Projection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs one {@link Saga}: feeds it events, records its steps and executes their effects.
 *
 * <pre>{@code
 * SagaRunner<State> sagas = SagaRunner.builder(store, new FulfillmentSaga(), dispatcher).build();
 * projections.register(sagas.projection());     // checkpointed delivery through a ProjectionRunner
 * projections.start(sagas.projection().name());
 * sagas.start();                                 // fires due timeouts, retries failed dispatches
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Atomic steps.</b> A step is one append to the instance's stream, with the expected
 *       version it was decided on: the trigger marker, the saga's facts, the outbox commands and
 *       the timeouts commit together or not at all. A conflict decides again on the newer state.
 *   <li><b>Idempotent.</b> A trigger already handled (a redelivered event, a timeout fired twice)
 *       is ignored; the step's event ids are derived from the trigger, so even two runners racing
 *       on one trigger commit it once. Commands carry ids derived the same way ({@link
 *       SagaCommand#id()}); the dispatcher must deduplicate on them.
 *   <li><b>At-least-once dispatch.</b> Outbox commands are dispatched after the step committed,
 *       in order, and marked done; a crash or a failing dispatcher leaves them pending, and
 *       {@link #tick()} dispatches them again.
 *   <li><b>Durable timeouts.</b> Timeouts are events in the instance stream with a due instant
 *       from the runner's clock; {@link #tick()} fires those due. On {@link #recover()} (called by
 *       {@link #start()}) the runner finds open instances in the store, so timeouts survive a
 *       restart. A due timeout fires only once the runner has handled every event of the saga's
 *       filter in the store: an answer recorded before the deadline but not yet delivered
 *       (consumer lag, a restart replaying the log) wins over the timeout.
 * </ul>
 *
 * <p>A stored event that cannot be decoded ({@link dev.eventcore.UndecodableEvent}) is never
 * acted on or skipped silently. Delivered through a {@code ProjectionRunner}, the runner's {@code
 * ErrorPolicy} applies: the default stops the saga's projection at it, naming its position; a
 * dead-letter policy records it and goes on. Handed to {@link #handle} raw, it throws {@link
 * dev.eventcore.UndecodableEventException}. One in the saga's own streams makes loading that
 * instance (and {@link #recover()}) throw that exception.
 *
 * <p>Thread-safe: every operation of one runner is serialized. Recovery scans the saga's stream
 * category once per start.
 *
 * @param <S> the saga state
 */
public interface SagaRunner<S> extends AutoCloseable {

  /** A builder for a runner of {@code saga} on {@code store}, dispatching through {@code dispatcher}. */
  static <S, E> Builder<S, E> builder(EventStore store, Saga<S, E> saga, CommandDispatcher dispatcher) {
    return new Builder<>(store, saga, dispatcher);
  }

  /**
   * The saga as a projection named {@code saga-<name>} with the saga's filter: register it with a
   * {@code ProjectionRunner} for checkpointed, leased delivery. Its handler is {@link #handle}.
   */
  Projection projection();

  /**
   * Handles one event: associates it, takes a step unless handled already, dispatches the outbox.
   *
   * @throws dev.eventcore.UndecodableEventException if the event is a raw undecodable one
   */
  void handle(RecordedEvent<?> event);

  /**
   * Fires the timeouts due by the runner's clock and dispatches pending commands again.
   *
   * @return the number of timeouts fired and commands dispatched
   */
  int tick();

  /** Scans the store for instances with pending work (after a restart); {@link #start()} calls it. */
  void recover();

  /** Recovers, then calls {@link #tick()} every tick interval on a daemon thread until {@link #close()}. */
  void start();

  /** The instance {@code key} as stored (a never-started one has version {@code NONE}). */
  SagaInstance<S> instance(String key);

  /** The keys of the instances known to have pending work. */
  List<String> openInstances();

  /** Counters since the runner was built. */
  SagaStats stats();

  /** Stops the tick thread; idempotent. */
  @Override
  void close();

  /**
   * Options of a {@link SagaRunner}.
   *
   * @param <S> the saga state
   * @param <E> the saga's events
   */
  final class Builder<S, E> {
    final EventStore store;
    final Saga<S, E> saga;
    final CommandDispatcher dispatcher;
    Clock clock = Clock.systemUTC();
    Duration tickInterval = Duration.ofMillis(100);
    int concurrency = 4;

    private Builder(EventStore store, Saga<S, E> saga, CommandDispatcher dispatcher) {
      this.store = Objects.requireNonNull(store, "store");
      this.saga = Objects.requireNonNull(saga, "saga");
      this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** The clock that schedules and fires timeouts (default: system UTC). */
    public Builder<S, E> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often {@link #start()}'s thread ticks: 1 ms to 1 h (default 100 ms). */
    public Builder<S, E> tickInterval(Duration tickInterval) {
      Objects.requireNonNull(tickInterval, "tickInterval");
      if (tickInterval.compareTo(Duration.ofMillis(1)) < 0
          || tickInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "tickInterval is " + tickInterval + "; allowed: 1 ms to 1 h");
      }
      this.tickInterval = tickInterval;
      return this;
    }

    /**
     * How many worker threads {@link #start()} starts for after-commit dispatch, timeouts and
     * retries: 1 to 64 (default 4). Work is partitioned by instance key, so one instance's work
     * stays in order whatever the number.
     */
    public Builder<S, E> concurrency(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("concurrency is " + threads + "; allowed: 1 to 64");
      }
      this.concurrency = threads;
      return this;
    }

    /** The runner; not started. */
    public SagaRunner<S> build() {
      return new DefaultSagaRunner<>(this);
    }
  }
}
