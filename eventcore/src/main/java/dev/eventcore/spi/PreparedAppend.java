package dev.eventcore.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A validated append, ready to write: distinct streams, at least one event, distinct event ids,
 * registered types, storable payloads within the limits.
 *
 * @param streams the streams in the caller's order
 * @param eventCount the number of events in all
 *
 * @since 0.1.0
 */
public record PreparedAppend(List<PreparedStream> streams, int eventCount) {
  /** Copies the streams. */
  public PreparedAppend {
    streams = List.copyOf(streams);
  }

  /** The streams sorted by stream id: the order to lock them in, so writers never deadlock. */
  public List<PreparedStream> streamsInLockOrder() {
    if (streams.size() == 1) {
      return streams;
    }
    List<PreparedStream> sorted = new ArrayList<>(streams);
    sorted.sort(Comparator.comparing(PreparedStream::stream));
    return sorted;
  }
}
