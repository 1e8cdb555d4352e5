package dev.eventcore.memory;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

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
    return positionAt(state, instant, (stream, type) -> true);
  }

  /** The position before the first event {@code match} accepts recorded at or after {@code instant}. */
  static GlobalPosition positionAt(
      MemoryState.Events state, Instant instant, BiPredicate<StreamId, String> match) {
    EventLog log = state.log();
    int size = log.size();
    int index = 0;
    while (index < size && (log.recordedBefore(index, instant)
        || !match.test(log.streamOf(index), log.typeOf(index)))) {
      index++;
    }
    return GlobalPosition.of(log.positionOf(index - 1)); // the position before it
  }

  /** The events of one correlation id, found by a scan (no index in memory). */
  static List<RecordedEvent<?>> correlated(
      MemoryState.Events state, String correlationId, GlobalPosition after, int maxCount) {
    return correlated(state, correlationId, after, maxCount, (stream, type) -> true);
  }

  /** The events of one correlation id in streams {@code match} accepts. */
  static List<RecordedEvent<?>> correlated(MemoryState.Events state, String correlationId,
      GlobalPosition after, int maxCount, BiPredicate<StreamId, String> match) {
    EventLog log = state.log();
    int size = log.size();
    List<RecordedEvent<?>> out = new ArrayList<>();
    RemovedEvents removed = state.lives().removed();
    for (int i = log.indexAfter(after); i < size && out.size() < maxCount; i++) {
      if (!removed.contains(i)
          && correlationId.equals(log.metadataOf(i).entries().get(Metadata.CORRELATION_ID))
          && match.test(log.streamOf(i), log.typeOf(i))) {
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
    return filtered(state, after, maxCount, filter::matches);
  }

  /**
   * Up to {@code maxCount} events that {@code match} accepts (by stream and type), scanning at
   * most {@link #SCAN_LIMIT} events past them; the page says how far it scanned.
   */
  static LogPage filtered(MemoryState.Events state, GlobalPosition after, int maxCount,
      BiPredicate<StreamId, String> match) {
    EventLog log = state.log();
    RemovedEvents removed = state.lives().removed();
    int size = log.size();
    int start = log.indexAfter(after);
    if (start >= size) {
      return new LogPage(List.of(), after);
    }
    int end = (int) Math.min(size, start + (long) Math.max(maxCount, SCAN_LIMIT));
    List<RecordedEvent<?>> matching = new ArrayList<>();
    int index = start;
    while (index < end && matching.size() < maxCount) {
      if (!removed.contains(index) && match.test(log.streamOf(index), log.typeOf(index))) {
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
    return count(state, after, filter::matches);
  }

  /** The events {@code match} accepts (by stream and type) after {@code after}. */
  static long count(
      MemoryState.Events state, GlobalPosition after, BiPredicate<StreamId, String> match) {
    EventLog log = state.log();
    RemovedEvents removed = state.lives().removed();
    int size = log.size();
    long count = 0;
    for (int i = log.indexAfter(after); i < size; i++) {
      if (!removed.contains(i) && match.test(log.streamOf(i), log.typeOf(i))) {
        count++;
      }
    }
    return count;
  }
}
