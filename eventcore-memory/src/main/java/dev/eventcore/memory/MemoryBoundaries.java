package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.dcb.AppendCondition;
import dev.eventcore.dcb.AppendConditionFailedException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.dcb.TaggedEvent;
import dev.eventcore.spi.BoundaryHooks;
import dev.eventcore.spi.LogBoundaries;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Boundaries in memory: a read scans the log (filtered by type where the query allows); a
 * conditional append checks the events after the condition's position and appends while holding
 * the store's write lock, so no append of any kind comes between the check and the write.
 */
final class MemoryBoundaries implements DcbStore {
  private final EventStore store;
  private final ReentrantLock writeLock;

  MemoryBoundaries(EventStore store, ReentrantLock writeLock) {
    this.store = store;
    this.writeLock = writeLock;
  }

  @Override
  public DcbRead read(DcbQuery query, GlobalPosition after) {
    return LogBoundaries.read(store, query, after);
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(condition, "condition");
    var data = LogBoundaries.withTags(events);
    writeLock.lock();
    try {
      Optional<GlobalPosition> conflict =
          LogBoundaries.firstMatchAfter(store, condition.failIfEventsMatch(), condition.after());
      if (conflict.isPresent()) {
        throw new AppendConditionFailedException(condition, conflict.get());
      }
      AppendResult result =
          LogBoundaries.writingTagged(() -> store.append(stream, ExpectedVersion.any(), data));
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
