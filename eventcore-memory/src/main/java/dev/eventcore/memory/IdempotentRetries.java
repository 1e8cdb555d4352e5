package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.spi.IdempotentRetry;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Recognises an idempotent retry: an append whose event ids are all stored already, at the places
 * and with the content the append would give them, gets the original result; a partial or
 * different reuse of ids is a {@link DuplicateEventIdException}. Called under the store's write
 * lock.
 */
final class IdempotentRetries {
  private final EventLog log;
  private final Map<StreamId, StreamIndex> streams;
  private final EventIdIndex byId;

  IdempotentRetries(EventLog log, Map<StreamId, StreamIndex> streams, EventIdIndex byId) {
    this.log = log;
    this.streams = streams;
    this.byId = byId;
  }

  /**
   * The original result when every event of the append is already stored at the same positions
   * with the same content; null when none is stored; otherwise a duplicate-id failure (the rule
   * of {@link IdempotentRetry}, shared with every adapter).
   */
  @Nullable AppendResult retriedResult(PreparedAppend append) {
    IdempotentRetry.Stored[] stored = null;
    int index = 0;
    for (PreparedStream part : append.streams()) {
      for (PreparedEvent event : part.events()) {
        int at = byId.find(event.id());
        if (at >= 0) {
          if (stored == null) {
            stored = new IdempotentRetry.Stored[append.eventCount()];
          }
          RecordedEvent<?> found = log.get(at);
          stored[index] = new IdempotentRetry.Stored(found.streamId().value(),
              found.version().value(), found.position().value(),
              found.type().equals(event.type())
                  && IdempotentRetry.samePayload(
                      found.payload(), EncodedPayload.read(event.payload()))
                  && found.metadata().equals(event.metadata()));
        }
        index++;
      }
    }
    if (stored == null) {
      return null;
    }
    List<PreparedStream> parts = append.streams();
    return IdempotentRetry.result(append, stored,
        (part, first) -> versionBefore(streams.get(parts.get(part).stream()), log, first));
  }

  /** The stream's version just before {@code position}: its number of events before it. */
  private static Version versionBefore(
      @Nullable StreamIndex stream, EventLog log, long position) {
    if (stream == null) {
      return Version.NONE;
    }
    int low = 0;
    int high = stream.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (log.positionOf(stream.get(middle)) < position) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return Version.of(low);
  }
}
