package dev.eventcore.spi;

import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import java.util.List;
import java.util.Objects;

/**
 * One stream's validated part of a {@link PreparedAppend}. No events means a pure version check.
 *
 * @param stream the stream
 * @param expected its expected version
 * @param events its events, in order
 *
 * @since 0.1.0
 */
public record PreparedStream(StreamId stream, ExpectedVersion expected, List<PreparedEvent> events) {
  /** Validates and copies the arguments. */
  public PreparedStream {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    events = List.copyOf(events);
  }
}
