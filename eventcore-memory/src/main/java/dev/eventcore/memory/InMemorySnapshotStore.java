package dev.eventcore.memory;

import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.snapshot.SnapshotStore;
import dev.eventcore.spi.CheckedCodec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Snapshots in memory: the latest snapshot per stream, the same rules as a persistent store.
 *
 * <pre>{@code
 * SnapshotStore snapshots = new InMemorySnapshotStore();
 * AggregateRepository<Increment, Integer, CounterEvent> counters =
 *     AggregateRepository.builder(store, COUNTER, CounterEvent.class)
 *         .snapshots(snapshots, Integer.class, 1)
 *         .build();
 * }</pre>
 *
 * <p>States are kept as the objects given, not serialized (make them immutable; records are),
 * unless the store is made with a codec: then as its bytes, read back on every load. A
 * {@link #save} of an older version of the same revision keeps the newer snapshot; a snapshot of
 * another revision always replaces the stored one. {@link #load} with a class the stored state is
 * not an instance of throws a {@link StoreFailureException}, as a JSON store does for a state that
 * no longer deserializes. Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemorySnapshotStore implements SnapshotStore {
  private final Map<StreamId, Snapshot<?>> snapshots = new ConcurrentHashMap<>();
  private final Optional<CheckedCodec> codec;

  /** An empty store that keeps states as the objects given. */
  public InMemorySnapshotStore() {
    this.codec = Optional.empty();
  }

  /**
   * An empty store that keeps each state as the bytes {@code codec} writes and reads it back with
   * {@code codec} on every {@link #load}, as a serializing store does (so a codec that redacts
   * forgotten personal data redacts snapshots too).
   */
  public InMemorySnapshotStore(EventCodec codec) {
    this.codec = Optional.of(
        CheckedCodec.of(CheckedCodec.checkName(Objects.requireNonNull(codec, "codec")),
            Integer.MAX_VALUE));
  }

  @Override
  public <S> Optional<Snapshot<S>> load(StreamId stream, Class<S> stateType) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(stateType, "stateType");
    Snapshot<?> snapshot = snapshots.get(stream);
    if (snapshot == null) {
      return Optional.empty();
    }
    if (snapshot.state() instanceof EncodedPayload encoded) {
      return Optional.of(new Snapshot<>(snapshot.stream(), snapshot.version(),
          snapshot.stateRevision(), stateType.cast(encoded.readAs(stateType))));
    }
    if (!stateType.isInstance(snapshot.state())) {
      throw new StoreFailureException(
          "the snapshot of " + stream + " at version " + snapshot.version() + " holds a "
              + snapshot.state().getClass().getName() + ", not a " + stateType.getName(), null);
    }
    return Optional.of(
        new Snapshot<>(
            snapshot.stream(),
            snapshot.version(),
            snapshot.stateRevision(),
            stateType.cast(snapshot.state())));
  }

  @Override
  public void save(Snapshot<?> snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    Snapshot<?> kept = codec.isPresent() ? encoded(snapshot, codec.get()) : snapshot;
    snapshots.merge(
        snapshot.stream(),
        kept,
        (stored, offered) ->
            stored.stateRevision() == offered.stateRevision()
                    && stored.version().compareTo(offered.version()) > 0
                ? stored
                : offered);
  }

  @Override
  public void delete(StreamId stream) {
    snapshots.remove(Objects.requireNonNull(stream, "stream"));
  }

  private static Snapshot<?> encoded(Snapshot<?> snapshot, CheckedCodec codec) {
    Supplier<String> what = () -> "the snapshot of " + snapshot.stream() + " at version "
        + snapshot.version();
    byte[] bytes = codec.encode(snapshot.state(), what);
    return new Snapshot<>(snapshot.stream(), snapshot.version(), snapshot.stateRevision(),
        new EncodedPayload(bytes, snapshot.state().getClass(), codec, what));
  }

  /** The number of streams with a snapshot. */
  public int size() {
    return snapshots.size();
  }
}
