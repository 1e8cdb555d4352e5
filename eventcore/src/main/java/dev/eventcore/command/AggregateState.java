package dev.eventcore.command;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.Objects;

/**
 * An aggregate as loaded: its state folded up to a version of its stream.
 *
 * @param stream the aggregate's stream
 * @param version the stream version the state includes ({@link Version#NONE}: no events yet)
 * @param state the folded state
 * @param snapshotVersion the version of the snapshot the load started from; {@link Version#NONE}
 *     when the stream was replayed from its first event
 * @param <S> the state type
 *
 * @since 0.1.0
 */
public record AggregateState<S>(StreamId stream, Version version, S state, Version snapshotVersion) {

  /** Validates the arguments. */
  public AggregateState {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(snapshotVersion, "snapshotVersion");
    if (snapshotVersion.compareTo(version) > 0) {
      throw new IllegalArgumentException(
          "snapshotVersion " + snapshotVersion + " is after the loaded version " + version);
    }
  }

  /** Whether the stream has no events yet. */
  public boolean isNew() {
    return version.value() == 0;
  }
}
