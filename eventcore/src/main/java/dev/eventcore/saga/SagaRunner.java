package dev.eventcore.saga;

import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.Projection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

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
 *   <li><b>Atomic steps.</b> A step is one append with the expected version it was decided on: the
 *       trigger marker, the saga's facts, the outbox commands and the timeouts commit together or
 *       not at all. Commands the dispatcher decides in the step ({@link
 *       CommandDispatcher#decideInStep}) add their own streams' events to that same append, so
 *       they take effect if and only if the step commits. A conflict on the saga's stream reloads
 *       that instance and decides again; a conflict on a command's stream decides again.
 *   <li><b>Idempotent.</b> A trigger already handled (a redelivered event, a timeout fired twice)
 *       is ignored; a step appends at the version it was decided on, and its event ids are
 *       derived from the trigger (all but the marker of an instance's first step, whose new id
 *       keeps a replay from passing as a retry), so even two runners racing on one trigger
 *       commit it once. Commands carry ids derived the same way ({@link
 *       SagaCommand#id()}); the dispatcher must deduplicate on them. A step that decides nothing
 *       for an event writes its marker with the instance's next append: until then the stream is
 *       unchanged, so a redelivery decides the same nothing again.
 *   <li><b>At-least-once dispatch, in order.</b> The commands of an instance are carried out in
 *       the order its steps issued them: a command is decided in a step only when nothing of the
 *       instance waits in the outbox, and only ahead of commands on other streams. The rest are
 *       dispatched after the step committed and marked done; a crash or a failing dispatcher
 *       leaves them pending, and {@link #tick()} dispatches them again (with the same ids). The
 *       mark of a command accepted while its instance waits under a deadline is written with the
 *       instance's next step (the answer's or the timeout's), or at {@link #close()}: a crash
 *       before then dispatches it again.
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
 * <p>Threads and memory: instances are kept in memory between steps (decided on that copy,
 * appended with its version as the expected version; completed instances leave memory), and each
 * takes its steps under its own lock, so independent instances proceed in parallel and nothing is
 * locked around I/O that {@link #openInstances()}, {@link #stats()} or the timer need. An
 * after-commit dispatch runs outside the instance's lock, one at a time per instance: while one
 * hangs, the instance still takes its steps and other instances are dispatched. {@link
 * #handle} takes the step on the caller's thread and returns once it is durable. Before {@link
 * #start()} and after {@link #close()}, the after-commit dispatch also runs on the caller's
 * thread; between them it runs on a few worker threads ({@link Builder#concurrency}), partitioned
 * by instance key. {@link #recover()} reads the saga's stream category once; after that an
 * instance is read from its stream only when needed: a key the runner meets for the first time is
 * taken to be a new instance, unread (its first step's append expects no stream and carries a
 * marker id no earlier append has, so it fails if the instance exists after all, even as a replay
 * of the same step, and the stream is then read); an event that starts nothing on that assumption,
 * and a conflict, read it.
 *
 * @param <S> the saga state
 *
 * @since 0.1.0
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
   * Handles one event: associates it and takes a step unless handled already; returns once the
   * step is durable. The outbox is dispatched before returning, or on the instance's worker once
   * the runner is started. Several threads may call it at once; the saga's projection calls it
   * from one thread, in log order, which is what the timeout rule above counts on.
   *
   * @throws dev.eventcore.UndecodableEventException if the event is a raw undecodable one
   */
  void handle(RecordedEvent<?> event);

  /**
   * Fires the timeouts due by the runner's clock and dispatches pending commands again, waiting
   * first for the work already handed to the workers and then for its own.
   *
   * @return the timeouts fired and commands dispatched by this call, plus those done on the
   *     workers since the previous call
   */
  int tick();

  /**
   * Scans the saga's stream category once and keeps the open instances in memory (after a
   * restart); {@link #start()} calls it.
   */
  void recover();

  /**
   * Recovers, starts the workers, then ticks every tick interval on a daemon thread until {@link
   * #close()} (handing the work to the workers without waiting for it).
   */
  void start();

  /** The instance {@code key} as stored, read from its stream (never started: version {@code NONE}). */
  SagaInstance<S> instance(String key);

  /** The keys of the instances known to have pending work. */
  List<String> openInstances();

  /**
   * The instances known to have pending work, sorted by key, as this runner last saw them: from
   * memory, no store read, so cheap enough for a health check (their overdue timeouts).
   */
  List<SagaInstance<S>> openInstanceViews();

  /** Counters since the runner was built. */
  SagaStats stats();

  /**
   * Stops the tick thread and the workers, letting the work they hold finish (up to 30 s, then
   * interrupting it); idempotent. Work left undone stays in the outbox for the next runner. The
   * runner stays usable: {@link #handle} and {@link #tick()} then do all work on the caller.
   */
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
    Observer observer = Observer.NONE;
    Optional<ThreadFactory> threadFactory = Optional.empty();

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

    /** Who hears the saga's steps, dispatches, timeouts and compensations (default none). */
    public Builder<S, E> observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Makes {@link #start()}'s threads: the tick thread and the {@link #concurrency} workers; by
     * default daemon threads named {@code saga-<name>-timer-1} and {@code saga-<name>-worker-<n>}.
     * Its threads keep the names it gives; on Java 21 {@code Thread.ofVirtual().factory()} runs
     * them on virtual threads.
     */
    public Builder<S, E> threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /** The runner; not started. */
    public SagaRunner<S> build() {
      return new DefaultSagaRunner<>(this);
    }
  }
}
