package dev.eventcore.snapshot;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.Objects;

/**
 * An aggregate's state folded up to a committed version of its stream, so that loading it reads
 * only the events after that version.
 *
 * <p>The {@code stateRevision} names the shape of the state class. Change it whenever the state's
 * fields or the meaning of {@code evolve} change: snapshots of another revision are then ignored
 * (the aggregate is replayed in full and a fresh snapshot written), so an old snapshot can never
 * change a command's outcome.
 *
 * @param stream the aggregate's stream
 * @param version the stream version the state includes: {@code >= 1}
 * @param stateRevision the revision of the state's shape: {@code >= 0}
 * @param state the folded state; must be serializable by Jackson for stores that persist JSON
 * @param <S> the state type
 *
 * @since 0.1.0
 */
public record Snapshot<S>(StreamId stream, Version version, int stateRevision, S state) {

  /** Validates the arguments. */
  public Snapshot {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    if (version.value() < 1) {
      throw new IllegalArgumentException(
          "a snapshot's version is >= 1 (it includes at least one event) but was " + version);
    }
    if (stateRevision < 0) {
      throw new IllegalArgumentException("stateRevision must be >= 0 but was " + stateRevision);
    }
  }
}
