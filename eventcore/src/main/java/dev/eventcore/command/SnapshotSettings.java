package dev.eventcore.command;

import dev.eventcore.snapshot.SnapshotStore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Where an aggregate's snapshots go and how its state is typed; {@link #none()} when off. */
final class SnapshotSettings<S> {
  private static final SnapshotSettings<Object> NONE =
      new SnapshotSettings<>(null, Object.class, 0);

  private final @Nullable SnapshotStore store;
  final Class<S> stateType;
  final int stateRevision;

  private SnapshotSettings(@Nullable SnapshotStore store, Class<S> stateType, int stateRevision) {
    this.store = store;
    this.stateType = stateType;
    this.stateRevision = stateRevision;
  }

  @SuppressWarnings("unchecked") // NONE never loads or saves a state
  static <S> SnapshotSettings<S> none() {
    return (SnapshotSettings<S>) (SnapshotSettings<?>) NONE;
  }

  static <S> SnapshotSettings<S> of(SnapshotStore store, Class<S> stateType, int stateRevision) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(stateType, "stateType");
    if (stateRevision < 0) {
      throw new IllegalArgumentException("stateRevision must be >= 0 but was " + stateRevision);
    }
    return new SnapshotSettings<>(store, stateType, stateRevision);
  }

  boolean enabled() {
    return store != null;
  }

  /** The store; only when {@link #enabled()}. */
  SnapshotStore store() {
    return Objects.requireNonNull(store, "snapshots are not enabled");
  }
}
