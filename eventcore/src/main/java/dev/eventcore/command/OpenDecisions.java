package dev.eventcore.command;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.internal.cache.BoundedCache;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decisions a repository returned from {@code decide} whose outcome it has not learnt yet, one
 * per stream (the latest), and the streams whose cached state a caller reported stale. While a
 * stream has an entry here, its next decision reads the stream's tail first: a decision never
 * rests twice, unverified, on a state whose last decision may have failed. Bounded like the state
 * cache; an evicted entry costs at most one append that fails on its expected version.
 * Thread-safe.
 */
final class OpenDecisions<S, E> {
  /**
   * A decision made on {@code base}: its events and their ids; no events for a stream reported
   * stale. {@code read} tells whether a read showed {@code base} current.
   */
  record Open<S, E>(AggregateState<S> base, List<E> decided, List<EventId> ids, boolean read) {
    Open {
      decided = List.copyOf(decided);
      ids = List.copyOf(ids);
    }

    /** Whether {@code append} is exactly this decision's append: its event ids and payloads. */
    boolean madeBy(StreamAppend append) {
      if (decided.isEmpty() || !ids.equals(idsOf(append.events()))) {
        return false;
      }
      for (int i = 0; i < decided.size(); i++) {
        if (append.events().get(i).payload() != decided.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private final BoundedCache<StreamId, Open<S, E>> open;

  OpenDecisions(int streams) {
    this.open = new BoundedCache<>(streams, 16, entry -> 1);
  }

  /** Whether the next decision on {@code stream} must read its tail first. */
  boolean mustRead(StreamId stream) {
    return open.get(stream) != null;
  }

  /**
   * Records that {@code decided} was decided on {@code base}, replacing an earlier decision made on
   * another version or a stale mark. An earlier decision on the same version stays: the two are
   * alternatives on one state (a caller decided twice before appending, and will use the first,
   * as a saga step deciding two commands on one stream does), and the next decision reads the tail
   * while either is open, whichever the caller reports.
   */
  void opened(AggregateState<S> base, List<E> decided, List<? extends EventData<?>> events,
      boolean read) {
    open.put(base.stream(), new Open<>(base, decided, idsOf(events), read),
        (present, next) -> present.decided().isEmpty()
            || !present.base().version().equals(next.base().version()));
  }

  /** Marks the cached state of {@code stream} as possibly stale. */
  void stale(AggregateState<S> base) {
    open.put(base.stream(), new Open<>(base, List.of(), List.of(), false), (present, next) -> true);
  }

  /** Takes the open decision on {@code stream}; {@code null} when there is none. */
  @Nullable Open<S, E> take(StreamId stream) {
    Open<S, E> present = open.get(stream);
    open.remove(stream);
    return present;
  }

  /**
   * After a decision that wrote nothing (a rejection, an empty decision) on a state a read showed
   * current: forgets a stale mark on {@code stream}, but keeps an open decision with events, whose
   * caller may still report it (a saga step whose second command was refused for want of the
   * first's events).
   */
  void close(StreamId stream) {
    Open<S, E> present = open.get(stream);
    if (present != null && present.decided().isEmpty()) {
      open.remove(stream);
    }
  }

  private static List<EventId> idsOf(List<? extends EventData<?>> events) {
    List<EventId> ids = new ArrayList<>(events.size());
    for (EventData<?> event : events) {
      ids.add(event.id());
    }
    return ids;
  }
}
