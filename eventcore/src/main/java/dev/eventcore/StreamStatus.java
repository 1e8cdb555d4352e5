package dev.eventcore;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a stream stands in its life ({@link StreamDeletions#streamStatus}): its version, the first
 * version its reads return, and whether it is deleted.
 *
 * @param stream the stream
 * @param version its version, counting every event it ever took (a deletion's tombstone too);
 *     {@link Version#NONE} when it never had one
 * @param first the first version a read of it returns: 1 unless truncated, deleted or restarted;
 *     past {@code version} when nothing is readable
 * @param deletion how it is deleted; empty for a live stream
 *
 * @since 0.1.0
 */
public record StreamStatus(StreamId stream, Version version, Version first,
    Optional<Deletion> deletion) {

  /** Validates the fields. */
  public StreamStatus {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(deletion, "deletion");
    if (first.value() < 1) {
      throw new IllegalArgumentException("first must be >= 1 but was " + first);
    }
  }

  /** A stream that was never deleted nor truncated, at {@code version}. */
  public static StreamStatus live(StreamId stream, Version version) {
    return new StreamStatus(stream, version, Version.of(1), Optional.empty());
  }

  /** Whether the stream is deleted, softly or hard. */
  public boolean isDeleted() {
    return deletion.isPresent();
  }
}
