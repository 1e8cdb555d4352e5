package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;

/** Reads a stream from a version to its end, a bounded page at a time. */
final class StreamPages {
  private StreamPages() {}

  /** Every event of {@code stream} from version {@code from} on, in version order. */
  static List<RecordedEvent<?>> readFrom(
      EventStore store, StreamId stream, Version from, int page) {
    List<RecordedEvent<?>> first = store.readStream(stream, from, page);
    if (first.size() < page) {
      return first;
    }
    List<RecordedEvent<?>> all = new ArrayList<>(first);
    while (true) {
      Version next = all.get(all.size() - 1).version().next();
      List<RecordedEvent<?>> more = store.readStream(stream, next, page);
      all.addAll(more);
      if (more.size() < page) {
        return all;
      }
    }
  }
}
