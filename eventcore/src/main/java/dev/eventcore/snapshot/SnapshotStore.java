package dev.eventcore.snapshot;

import dev.eventcore.StreamId;
import java.util.Optional;

/**
 * Where snapshots of aggregate states are kept: at most one per stream, the latest.
 *
 * <pre>{@code
 * SnapshotStore snapshots = new InMemorySnapshotStore();          // eventcore-memory
 * AggregateRepository<OrderCommand, Order, OrderEvent> orders =
 *     AggregateRepository.builder(store, Order.DECIDER, OrderEvent.class)
 *         .snapshots(snapshots, Order.class, 1)
 *         .build();
 * }</pre>
 *
 * <p>Snapshots are an optimisation only: the aggregate repository treats any exception from this
 * port (a missing table, a corrupt row, a state that no longer deserializes) as "no snapshot",
 * logs a warning and replays the stream in full; a failed {@link #save} never fails the command
 * that triggered it. Implementations need not be transactional with the event store: a snapshot
 * is written only after its events committed, at their committed version.
 *
 * <p>For implementors: a persistent store serializes the state, typically as JSON with Jackson,
 * and reads it back as the {@code stateType} given to {@link #load}. Users must therefore keep
 * their state types Jackson-serializable (records of plain values and collections are) and bump
 * the state revision when the shape changes. Keep the newest snapshot of a stream: {@link #save}
 * of an older version of the same revision must not replace a newer one. Thread-safe.
 *
 * @since 0.1.0
 */
public interface SnapshotStore {

  /**
   * The latest snapshot of {@code stream}, if any.
   *
   * @param stateType the class to read the state as
   * @throws RuntimeException (typically a {@link dev.eventcore.StoreFailureException}) if the
   *     snapshot cannot be read as {@code stateType}; callers then ignore it
   */
  <S> Optional<Snapshot<S>> load(StreamId stream, Class<S> stateType);

  /**
   * Stores {@code snapshot} as the stream's latest, unless the store holds a newer one of the same
   * revision.
   */
  void save(Snapshot<?> snapshot);

  /** Removes the snapshot of {@code stream}, if any. */
  void delete(StreamId stream);
}
