package dev.eventcore.memory;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads of an in-memory store's global log: in place, without a lock, skipping the events
 * that deletions and truncations removed ({@link StreamLives}).
 */
final class LogReads {
  /** The most events one filtered read examines, so a read with few matches returns promptly. */
  private static final int SCAN_LIMIT = 1 << 16;

  private LogReads() {}

  /** The first event recorded at or after {@code instant}, found by a scan (no index in memory). */
  static GlobalPosition positionAt(MemoryState.Events state, Instant instant) {
    EventLog log = state.log();
    int size = log.size();
    int index = 0;
    while (index < size && log.recordedBefore(index, instant)) {
      index++;
    }
    return GlobalPosition.of(log.positionOf(index - 1)); // the position before it
  }

  /** The events of one correlation id, found by a scan (no index in memory). */
  static List<RecordedEvent<?>> correlated(
      MemoryState.Events state, String correlationId, GlobalPosition after, int maxCount) {
    EventLog log = state.log();
    int size = log.size();
    List<RecordedEvent<?>> out = new ArrayList<>();
    RemovedEvents removed = state.lives().removed();
    for (int i = log.indexAfter(after); i < size && out.size() < maxCount; i++) {
      if (!removed.contains(i)
          && correlationId.equals(log.metadataOf(i).entries().get(Metadata.CORRELATION_ID))) {
        out.add(log.get(i));
      }
    }
    return out;
  }

  /** Up to {@code maxCount} events after {@code after}. */
  static List<RecordedEvent<?>> all(MemoryState.Events state, GlobalPosition after, int maxCount) {
    EventLog log = state.log();
    RemovedEvents removed = state.lives().removed();
    if (removed.isEmpty()) {
      return log.copy(log.indexAfter(after), maxCount);
    }
    List<RecordedEvent<?>> out = new ArrayList<>();
    int size = log.size();
    for (int i = log.indexAfter(after); i < size && out.size() < maxCount; i++) {
      if (!removed.contains(i)) {
        out.add(log.get(i));
      }
    }
    return out;
  }

  /** Scans the log in place: events the filter leaves out are never copied. */
  static LogPage filtered(
      MemoryState.Events state, GlobalPosition after, int maxCount, EventFilter filter) {
    EventLog log = state.log();
    RemovedEvents removed = state.lives().removed();
    if (filter.matchesAll() && removed.isEmpty()) {
      return LogPage.filter(log.copy(log.indexAfter(after), maxCount), after, filter);
    }
    int size = log.size();
    int start = log.indexAfter(after);
    if (start >= size) {
      return new LogPage(List.of(), after);
    }
    int end = (int) Math.min(size, start + (long) Math.max(maxCount, SCAN_LIMIT));
    List<RecordedEvent<?>> matching = new ArrayList<>();
    int index = start;
    while (index < end && matching.size() < maxCount) {
      if (!removed.contains(index)
          && filter.matches(log.streamOf(index), log.typeOf(index))) {
        matching.add(log.get(index));
      }
      index++;
    }
    return new LogPage(matching, GlobalPosition.of(log.positionOf(index - 1))); // scanned to
  }

  /** The events matching {@code filter} after {@code after}. */
  static long count(MemoryState.Events state, GlobalPosition after, EventFilter filter) {
    EventLog log = state.log();
    RemovedEvents removed = state.lives().removed();
    int size = log.size();
    int start = log.indexAfter(after);
    if (start >= size) {
      return 0;
    }
    if (filter.matchesAll() && removed.isEmpty()) {
      return (long) size - start;
    }
    long count = 0;
    for (int i = start; i < size; i++) {
      if (!removed.contains(i) && filter.matches(log.streamOf(i), log.typeOf(i))) {
        count++;
      }
    }
    return count;
  }
}
