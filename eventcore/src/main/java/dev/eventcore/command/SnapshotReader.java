package dev.eventcore.command;

import dev.eventcore.StreamId;
import dev.eventcore.snapshot.Snapshot;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads an aggregate's snapshot, ignoring with a warning one that cannot be used. */
final class SnapshotReader<S> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);

  private final SnapshotSettings<S> snapshots;

  SnapshotReader(SnapshotSettings<S> snapshots) {
    this.snapshots = snapshots;
  }

  /** The usable snapshot of {@code stream}; empty when there is none or it cannot be used. */
  Optional<Snapshot<S>> read(StreamId stream) {
    Optional<Snapshot<S>> snapshot;
    try {
      snapshot = snapshots.store().load(stream, snapshots.stateType);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring the snapshot of {}: it cannot be read ({}); replaying the stream in full",
          stream, e.toString(), e);
      return Optional.empty();
    }
    if (snapshot.isEmpty()) {
      return snapshot;
    }
    Snapshot<S> found = snapshot.get();
    if (found.stateRevision() != snapshots.stateRevision) {
      LOG.warn("Ignoring the snapshot of {} at version {}: its state revision is {}, the current is"
              + " {}; replaying the stream in full",
          stream, found.version(), found.stateRevision(), snapshots.stateRevision);
      return Optional.empty();
    }
    if (!found.stream().equals(stream) || !snapshots.stateType.isInstance(found.state())) {
      LOG.warn("Ignoring the snapshot of {}: it belongs to {} or its state is not a {};"
              + " replaying the stream in full",
          stream, found.stream(), snapshots.stateType.getName());
      return Optional.empty();
    }
    return snapshot;
  }
}
