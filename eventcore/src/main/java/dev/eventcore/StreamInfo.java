package dev.eventcore;

import java.time.Instant;
import java.util.Objects;

/**
 * One stream as {@link EventStore#streams} lists it.
 *
 * @param stream the stream's id
 * @param version its version: the number of its events, at least 1
 * @param lastRecordedAt when its last event was recorded ({@link RecordedEvent#recordedAt()})
 *
 * @since 0.1.0
 */
public record StreamInfo(StreamId stream, Version version, Instant lastRecordedAt) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code version} is {@link Version#NONE}: a listed stream
   *     has events
   */
  public StreamInfo {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(lastRecordedAt, "lastRecordedAt");
    if (version.value() < 1) {
      throw new IllegalArgumentException(
          "a listed stream has events: version must be >= 1 but was " + version);
    }
  }
}
