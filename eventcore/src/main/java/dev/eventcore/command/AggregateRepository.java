package dev.eventcore.command;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.observe.Observer;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.retry.Sleeper;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Loads and changes single-stream aggregates defined by a {@link Decider}: one call per command.
 *
 * <pre>{@code
 * AggregateRepository<OrderCommand, Order, OrderEvent> orders =
 *     AggregateRepository.of(store, Order.DECIDER, OrderEvent.class);
 * StreamId id = StreamId.of("order", "42");
 * orders.handle(id, new PlaceOrder("42", List.of(line)));   // load, decide, append, retry
 * Order order = orders.load(id).state();
 *
 * // with snapshots every 100 events (state revision 1 of Order's shape)
 * orders = AggregateRepository.builder(store, Order.DECIDER, OrderEvent.class)
 *     .snapshots(snapshotStore, Order.class, 1)
 *     .build();
 * }</pre>
 *
 * <p>{@link #handle} loads the aggregate, calls {@link Decider#decide}, appends the events with
 * the loaded version as the expected version, and on a conflict reads what is new and decides
 * again under the {@link RetryPolicy}.
 *
 * <p>Loading costs what is new. The repository keeps the folded state of recently used streams in
 * a bounded in-process cache (on by default; {@link Builder#cacheSize}, least recently used
 * evicted first), and a command on a cached state decides without reading: its append expects
 * exactly the cached version, so if anyone else (another thread, repository or process) appended
 * since, the append fails and only the events after the cached version are read and folded. That
 * conflict costs no backoff and no attempt of the retry policy. A rejection or an empty decision
 * on a cached state stands only once a read of the stream's tail has shown nothing new. A stream
 * that is not in the cache is assumed new while most such streams have proved new (as when each
 * order, payment or account is created by a command): the command decides on the initial state
 * unread, and its append expects no events, so if the stream has some the append fails and the
 * stream is read. Otherwise, without a cached state, the aggregate is loaded from its latest
 * compatible snapshot plus the events after it (when snapshots are configured), or from its first
 * event. {@link #load} always reads the
 * tail. {@link #decide} follows the same rules for appends its caller writes, and learns their
 * outcome through {@link #committed} and {@link #markStale}. Cached states are shared between threads and commands: the decider's states must be
 * immutable.
 *
 * <p>After a successful append the repository caches the state folded with the decided events,
 * and writes a snapshot at the committed version when the {@link SnapshotPolicy} says so; a failed
 * snapshot write is logged, never thrown. Snapshots that cannot be read, have another state
 * revision, or are ahead of the stream are ignored with a warning and the stream replayed in full.
 *
 * <p>Thread-safe.
 *
 * @param <C> the command type
 * @param <S> the state type
 * @param <E> the event type
 *
 * @since 0.1.0
 */
public interface AggregateRepository<C, S, E> {

  /** How many streams' states a repository caches unless told otherwise. */
  int DEFAULT_CACHE_SIZE = 10_000;

  /**
   * A repository with the default state cache ({@value #DEFAULT_CACHE_SIZE} streams), no
   * snapshots, and the default retry policy.
   */
  static <C, S, E> AggregateRepository<C, S, E> of(
      EventStore store, Decider<C, S, E> decider, Class<E> eventType) {
    return builder(store, decider, eventType).build();
  }

  /**
   * A builder for a repository with snapshots or a custom retry policy.
   *
   * @param eventType the class (typically a sealed interface) every event of the stream must be
   */
  static <C, S, E> Builder<C, S, E> builder(
      EventStore store, Decider<C, S, E> decider, Class<E> eventType) {
    return new Builder<>(store, decider, eventType);
  }

  /**
   * The aggregate's current state.
   *
   * @throws IllegalStateException if the stream holds an event that is not an {@code E}
   */
  AggregateState<S> load(StreamId stream);

  /** Handles {@code command} on the aggregate of {@code stream}, with no context metadata. */
  default CommandResult handle(StreamId stream, C command) {
    return handle(stream, command, CommandContext.empty());
  }

  /**
   * Loads the aggregate, decides, appends with the loaded version as the expected version, and
   * retries on conflict. A decision with no events succeeds without appending.
   *
   * @throws CommandRejectedException if the decider rejected the command (never retried)
   * @throws CommandConflictException if every attempt the retry policy allowed conflicted
   */
  CommandResult handle(StreamId stream, C command, CommandContext context);

  /**
   * Handles {@code command} like {@link #handle} and returns the aggregate's state after it: the
   * state its events were folded into, or, when it decided nothing, the state it was decided on.
   * With the state cache on, that costs no read; it saves the {@link #load} that would otherwise
   * follow a command whose caller needs the result (an API answering with the updated resource,
   * a process acting on the new status).
   *
   * <pre>{@code
   * Payment payment = payments.handleAndGet(stream, new RecordCharge(chargeId)).state();
   * }</pre>
   *
   * @throws CommandRejectedException if the decider rejected the command (never retried)
   * @throws CommandConflictException if every attempt the retry policy allowed conflicted
   */
  default AggregateState<S> handleAndGet(StreamId stream, C command) {
    return handleAndGet(stream, command, CommandContext.empty());
  }

  /** {@link #handleAndGet(StreamId, Object)} with {@code context} metadata on the events. */
  AggregateState<S> handleAndGet(StreamId stream, C command, CommandContext context);

  /**
   * Decides {@code command} without writing, and returns the append that would make the decision:
   * the decided events stamped with {@code context} exactly as {@link #handle} stamps them,
   * expecting exactly the version they were decided on. Use it to write a command's events
   * atomically with other streams (a saga step, an outbox) in one multi-stream append; a conflict
   * on that append means the aggregate changed, so decide again.
   *
   * <p>Like {@link #handle}, it decides on the cached state without reading when it can: a stale
   * state then only makes the caller's append fail. An empty decision or a rejection stands only
   * once a read of the stream's tail in this call has shown nothing new. A state is used unread
   * only while no decision on it is open: after a decision, the next one on the same stream reads
   * the tail first, unless the caller reported the outcome with {@link #committed} (the cache then
   * holds the state after the committed events, and the next decision reads nothing). So a caller
   * that never reports costs one read per decision, as a plain load would, and one that decides
   * again after a conflict always decides on what is new.
   *
   * @return the append, or empty when the decider decided no events
   * @throws CommandRejectedException if the decider rejected the command
   * @throws IllegalStateException if the stream holds an event that is not an {@code E}
   */
  Optional<StreamAppend> decide(StreamId stream, C command, CommandContext context);

  /**
   * Reports that {@code append} was committed with {@code result}, so that the next {@link
   * #decide} on its stream needs no read. Call it after a successful append that included an
   * append returned by {@link #decide} (pass that append and the store's answer to the append
   * that wrote it; for a multi-stream append, once per stream this repository decided). Report only
   * appends that committed, with their own result: the repository trusts that the append's events
   * are the stream's events up to the result's version.
   *
   * <p>If {@code append} is the open decision this repository holds for its stream (the same
   * event ids and events: the latest decision, or, of several decided on one version before any
   * was reported, the first) and the stream's committed version is its expected version plus its
   * events, the cache keeps the state folded with them at that version, and a snapshot is written
   * if the policy says so. A decision that wrote nothing (a rejection, no events) leaves an open
   * decision in place. For an append this repository did not decide or no longer expects, the
   * next decision on the stream reads the events after the cached state first (as after {@link
   * #markStale}); for a version that does not follow, the cached state is dropped. Never throws
   * for an outcome it cannot use; never reads the store.
   *
   * <p>The default does nothing, for a repository that keeps no state.
   *
   * @throws IllegalArgumentException if {@code result} does not name the append's stream
   */
  default void committed(StreamAppend append, AppendResult result) {}

  /**
   * Reports that what this repository knows of {@code stream} may be stale (typically: an append
   * returned by {@link #decide} failed with a {@link dev.eventcore.WrongExpectedVersionException}
   * on it), so that the next decision on it reads the events after the cached state before
   * deciding. The cached state is kept as the starting point of that read. Never reads the store.
   * The default does nothing, for a repository that keeps no state.
   */
  default void markStale(StreamId stream) {}

  /**
   * Configures an {@link AggregateRepository}. Not thread-safe.
   *
   * @param <C> the command type
   * @param <S> the state type
   * @param <E> the event type
   */
  final class Builder<C, S, E> {
    final EventStore store;
    final Decider<C, S, E> decider;
    final Class<E> eventType;
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    Sleeper sleeper = Sleeper.system();
    RandomGenerator random = Retrier.THREAD_LOCAL_RANDOM;
    SnapshotSettings<S> snapshots = SnapshotSettings.none();
    SnapshotPolicy snapshotPolicy = SnapshotPolicy.defaults();
    int cacheSize = DEFAULT_CACHE_SIZE;
    Observer observer = Observer.NONE;

    private Builder(EventStore store, Decider<C, S, E> decider, Class<E> eventType) {
      this.store = Objects.requireNonNull(store, "store");
      this.decider = Objects.requireNonNull(decider, "decider");
      this.eventType = Objects.requireNonNull(eventType, "eventType");
    }

    /** How often to retry on conflicts; default {@link RetryPolicy#defaults()}. */
    public Builder<C, S, E> retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** How to wait between attempts; default {@link Sleeper#system()}. */
    public Builder<C, S, E> sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of jitter; default the calling thread's {@code ThreadLocalRandom}. */
    public Builder<C, S, E> random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Loads from and writes snapshots to {@code store}.
     *
     * @param stateType the state's class, to read snapshots back (Jackson-serializable for a
     *     persistent store)
     * @param stateRevision the revision of the state's shape: bump it when the state's fields or
     *     {@code evolve} change, so that older snapshots are ignored; {@code >= 0}
     */
    public Builder<C, S, E> snapshots(SnapshotStore store, Class<S> stateType, int stateRevision) {
      this.snapshots = SnapshotSettings.of(store, stateType, stateRevision);
      return this;
    }

    /** When to write snapshots; default {@link SnapshotPolicy#defaults()} (every 100 events). */
    public Builder<C, S, E> snapshotPolicy(SnapshotPolicy snapshotPolicy) {
      this.snapshotPolicy = Objects.requireNonNull(snapshotPolicy, "snapshotPolicy");
      return this;
    }

    /**
     * How many streams' folded states to keep in memory, the least recently used evicted first;
     * default {@value AggregateRepository#DEFAULT_CACHE_SIZE}; 0 turns the cache off (every
     * command then reads its stream from the snapshot or the first event, as a query does).
     *
     * @param streams {@code >= 0}
     * @throws IllegalArgumentException if {@code streams} is negative
     */
    public Builder<C, S, E> cacheSize(int streams) {
      if (streams < 0) {
        throw new IllegalArgumentException(
            "cacheSize must be >= 0 streams (0 turns the cache off) but was " + streams);
      }
      this.cacheSize = streams;
      return this;
    }

    /** Who hears each command's outcome, attempts and duration; default {@link Observer#NONE}. */
    public Builder<C, S, E> observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** The repository. */
    public AggregateRepository<C, S, E> build() {
      return new DefaultAggregateRepository<>(this, new Retrier(retryPolicy, sleeper, random));
    }
  }
}
