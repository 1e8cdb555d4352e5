package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.internal.cache.BoundedCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recorded events of recently read streams, bounded by their total count, so that reading a
 * stream again reads only the events after those cached. Every read still goes to the store for
 * the tail: what it returns is always the whole stream as of the read. Thread-safe.
 */
final class StreamEventsCache {
  private static final int SEGMENTS = 4;

  private final EventStore store;
  private final BoundedCache<StreamId, List<RecordedEvent<?>>> cache;

  /** @param maxEvents the most events kept in all; 0 keeps none */
  StreamEventsCache(EventStore store, int maxEvents) {
    this.store = store;
    this.cache = new BoundedCache<>(maxEvents, SEGMENTS, List::size);
  }

  /** Every event of {@code stream} as of now, in version order; unmodifiable. */
  List<RecordedEvent<?>> read(StreamId stream) {
    if (!cache.enabled()) {
      return store.readStream(stream);
    }
    List<RecordedEvent<?>> cached = cache.get(stream);
    if (cached == null) {
      return readAll(stream);
    }
    Version known = cached.isEmpty() ? Version.NONE : cached.get(cached.size() - 1).version();
    List<RecordedEvent<?>> tail = new ArrayList<>();
    store.readStream(stream, known.next(), tail::add);
    if (tail.isEmpty()) {
      return cached;
    }
    if (!tail.get(0).version().equals(known.next())) {
      cache.remove(stream); // not the continuation of what we know: start over
      return readAll(stream);
    }
    List<RecordedEvent<?>> all = new ArrayList<>(cached.size() + tail.size());
    all.addAll(cached);
    all.addAll(tail);
    return remember(stream, all);
  }

  /** How many events are cached in all; for tests. */
  long cachedEvents() {
    return cache.weight();
  }

  private List<RecordedEvent<?>> readAll(StreamId stream) {
    return remember(stream, store.readStream(stream));
  }

  private List<RecordedEvent<?>> remember(StreamId stream, List<RecordedEvent<?>> events) {
    List<RecordedEvent<?>> kept = Collections.unmodifiableList(events);
    cache.put(stream, kept, (present, next) -> next.size() > present.size());
    return kept;
  }
}
