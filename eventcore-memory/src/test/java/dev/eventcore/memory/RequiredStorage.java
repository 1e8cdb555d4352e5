package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.StorageContext;
import java.util.List;

/**
 * A storage that implements only what {@link EventStorage} requires, over the in-memory storage
 * of a {@link MemoryState}: what a storage gets from the defaults, and what the store's context
 * tells it, can be watched on it. Subclasses override what they watch.
 */
class RequiredStorage implements EventStorage {
  private final MemoryStorage storage;
  final StorageContext context;

  RequiredStorage(MemoryState state, StorageContext context) {
    this.storage = new MemoryStorage(state, null);
    this.context = context;
  }

  @Override
  public AppendResult append(PreparedAppend append) {
    return storage.append(append);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount) {
    return storage.readStream(stream, from, maxCount);
  }

  @Override
  public Version currentVersion(StreamId stream) {
    return storage.currentVersion(stream);
  }

  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    return storage.readAll(after, maxCount);
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    return storage.streams(query);
  }

  @Override
  public void close() {
    storage.close();
  }
}
