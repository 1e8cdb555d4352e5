package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.testkit.ForwardingEventStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store that records the version every stream read starts from. */
class ReadCountingStore extends ForwardingEventStore {
  final List<Version> readsFrom = new CopyOnWriteArrayList<>();

  ReadCountingStore(EventStore delegate) {
    super(delegate);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
    readsFrom.add(from);
    return super.readStream(stream, from, maxCount);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream) {
    readsFrom.add(Version.of(1));
    return super.readStream(stream);
  }

  /** Forgets the reads so far. */
  void reset() {
    readsFrom.clear();
  }
}
