package dev.eventcore.spi;

import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import java.util.List;
import java.util.function.ObjLongConsumer;

/**
 * A payload read for folding ({@link EventStorage#readPayloads}), with the store's rule for an
 * undecodable event: the payloads before it are handed over, then that one event is read whole so
 * that the same {@link dev.eventcore.UndecodableEventException} as a stream read's names it.
 */
final class PayloadReads {
  private PayloadReads() {}

  /** Stops the adapter's read at an undecodable payload; no stack trace, it never escapes. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long version;

    Stop(long version) {
      super(null, null, false, false);
      this.version = version;
    }
  }

  /** Hands the payloads of {@code stream} from version {@code from} to {@code action}. */
  static long read(EventStorage storage, Upcasting upcasting, StreamId stream, long from,
      ObjLongConsumer<Object> action) {
    long handed = 0;
    long next = from;
    while (true) {
      long[] count = {0};
      try {
        storage.readPayloads(stream, next, (payload, version) -> {
          if (payload instanceof UndecodableEvent) {
            throw new Stop(version);
          }
          action.accept(payload, version);
          count[0]++;
        });
        return handed + count[0];
      } catch (Stop stop) {
        handed += count[0];
        // the whole event, as a stream read returns it: throws the typed exception naming it
        List<RecordedEvent<?>> whole =
            upcasting.stream(storage.readStream(stream, stop.version, 1), OnUndecodable.STOP);
        for (RecordedEvent<?> event : whole) { // decodable after all (rewritten meanwhile)
          action.accept(event.payload(), event.version().value());
          handed++;
        }
        next = stop.version + 1;
      }
    }
  }
}
