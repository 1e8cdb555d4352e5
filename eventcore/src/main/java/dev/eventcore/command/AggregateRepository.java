package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
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
 * <p>{@link #handle} loads the aggregate (from its latest compatible snapshot plus the events
 * after it, when snapshots are configured), calls {@link Decider#decide}, appends the events with
 * the loaded version as the expected version, and on a conflict loads again and decides again
 * under the {@link RetryPolicy}. After a successful append it writes a snapshot at the committed
 * version when the {@link SnapshotPolicy} says so; a failed snapshot write is logged, never
 * thrown. Snapshots that cannot be read, have another state revision, or are ahead of the stream
 * are ignored with a warning and the stream replayed in full.
 *
 * <p>Thread-safe.
 *
 * @param <C> the command type
 * @param <S> the state type
 * @param <E> the event type
 */
public interface AggregateRepository<C, S, E> {

  /** A repository without snapshots, with the default retry policy. */
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
   * Decides {@code command} without writing: loads the aggregate as of this call (reading every
   * event it does not know yet), calls {@link Decider#decide}, and returns the append that would
   * make the decision — the decided events stamped with {@code context} exactly as {@link #handle}
   * stamps them, expecting exactly the loaded version. Use it to write a command's events
   * atomically with other streams (a saga step, an outbox) in one multi-stream append; a conflict
   * on that append means the aggregate changed, so decide again.
   *
   * @return the append, or empty when the decider decided no events
   * @throws CommandRejectedException if the decider rejected the command
   * @throws IllegalStateException if the stream holds an event that is not an {@code E}
   */
  Optional<StreamAppend> decide(StreamId stream, C command, CommandContext context);

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

    /** The repository. */
    public AggregateRepository<C, S, E> build() {
      return new DefaultAggregateRepository<>(this, new Retrier(retryPolicy, sleeper, random));
    }
  }
}
