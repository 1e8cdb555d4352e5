package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.spi.BoundaryHooks;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.LogBoundaries;
import dev.eventcore.spi.PreparedAppend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Boundaries in memory: a read scans the log (filtered by type where the query allows); a
 * conditional append checks the events after the condition's position and appends while holding
 * the store's write lock, so no append of any kind comes between the check and the write. Both go
 * through the composed store, so an observer sees a boundary read as one read and a refused
 * conditional append as a conflict, as on PostgreSQL.
 */
final class MemoryBoundaries implements DcbStore {
  private final ComposedEventStore store;
  private final EventStorage storage;
  private final WriteLock writeLock;

  MemoryBoundaries(ComposedEventStore store, EventStorage storage, WriteLock writeLock) {
    this.store = store;
    this.storage = storage;
    this.writeLock = writeLock;
  }

  @Override
  public DcbRead read(DcbQuery query, GlobalPosition after) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(after, "after");
    return store.readBoundary(() -> LogBoundaries.read(store, query, after));
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(condition, "condition");
    var appends = List.of(StreamAppend.writing(stream, ExpectedVersion.any(),
        LogBoundaries.withTags(events)));
    return LogBoundaries.writingTagged(
        () -> store.appendCommitted(appends, prepared -> checkAndWrite(prepared, condition)));
  }

  private AppendResult checkAndWrite(PreparedAppend prepared, AppendCondition condition) {
    writeLock.lock();
    try {
      Optional<GlobalPosition> conflict =
          LogBoundaries.firstMatchAfter(store, condition.failIfEventsMatch(), condition.after());
      if (conflict.isPresent()) {
        writeLock.conflicted();
        throw new AppendConditionFailedException(condition, conflict.get());
      }
      AppendResult result = storage.append(prepared);
      Duration stall = BoundaryHooks.stall();
      if (!stall.isZero()) {
        LockSupport.parkNanos(stall.toNanos()); // a test's pause, the write lock held
      }
      return result;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events) {
    Objects.requireNonNull(stream, "stream");
    var data = LogBoundaries.withTags(events);
    return LogBoundaries.writingTagged(() -> store.append(stream, ExpectedVersion.any(), data));
  }
}
