package dev.eventcore.command;

import dev.eventcore.EventData;
import dev.eventcore.StreamId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Command} decided: either events to write ({@link Write}, possibly none), or that it
 * needs more streams before it can decide ({@link ReadAlso}).
 *
 * <pre>{@code
 * return Decision.none();                                         // nothing to do
 * return Decision.append(from, new Withdrawn(100))                // several streams, atomically
 *     .and(to, new Deposited(100));
 * return Decision.readAlso(StreamId.of("account", order.accountId())); // read it, then decide again
 * }</pre>
 *
 * <p>Events are payload objects (wrapped with a new id and empty metadata) or {@link EventData}
 * (used as given). A rule was broken? Throw {@link CommandRejectedException} instead.
 *
 * @since 0.1.0
 */
public sealed interface Decision {

  /** A decision to write nothing. The command succeeds without appending. */
  static Write none() {
    return Write.NONE;
  }

  /** A decision to append {@code events} to {@code stream}. */
  static Write append(StreamId stream, Object... events) {
    return Write.NONE.and(stream, events);
  }

  /** A decision to append {@code events} to {@code stream}. */
  static Write append(StreamId stream, List<?> events) {
    return Write.NONE.and(stream, events);
  }

  /**
   * Not yet a decision: the command needs {@code streams} too. The executor adds them to the
   * command's boundary, reads everything again and calls {@link Command#decide} again.
   */
  static ReadAlso readAlso(StreamId... streams) {
    return new ReadAlso(new LinkedHashSet<>(Arrays.asList(streams)));
  }

  /**
   * Events to append, per stream, in order. Streams the command read but does not write here are
   * still checked when appending.
   *
   * @param events each stream written and its events (copied; streams in insertion order)
   */
  record Write(Map<StreamId, List<EventData<?>>> events) implements Decision {
    static final Write NONE = new Write(Map.of());

    /** Validates and copies the argument. */
    public Write {
      Objects.requireNonNull(events, "events");
      Map<StreamId, List<EventData<?>>> copy = new LinkedHashMap<>();
      for (Map.Entry<StreamId, List<EventData<?>>> entry : events.entrySet()) {
        Objects.requireNonNull(entry.getKey(), "stream");
        if (!entry.getValue().isEmpty()) {
          copy.put(entry.getKey(), List.copyOf(entry.getValue()));
        }
      }
      events = Collections.unmodifiableMap(copy);
    }

    /** This decision plus {@code events} appended to {@code stream} (after any it already has). */
    public Write and(StreamId stream, Object... events) {
      Objects.requireNonNull(events, "events");
      return and(stream, Arrays.asList(events));
    }

    /** This decision plus {@code events} appended to {@code stream} (after any it already has). */
    public Write and(StreamId stream, List<?> events) {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(events, "events");
      Map<StreamId, List<EventData<?>>> copy = new LinkedHashMap<>(this.events);
      List<EventData<?>> list = new ArrayList<>(copy.getOrDefault(stream, List.of()));
      for (Object event : events) {
        Objects.requireNonNull(event, "event");
        list.add(event instanceof EventData<?> data ? data : EventData.of(event));
      }
      copy.put(stream, list);
      return new Write(copy);
    }

    /** Whether there is nothing to write. */
    public boolean isEmpty() {
      return events.isEmpty();
    }
  }

  /**
   * The command needs more streams before deciding.
   *
   * @param streams the streams to add to the boundary: at least one
   */
  record ReadAlso(Set<StreamId> streams) implements Decision {
    /** Validates and copies the argument. */
    public ReadAlso {
      Objects.requireNonNull(streams, "streams");
      if (streams.isEmpty()) {
        throw new IllegalArgumentException("readAlso needs at least one stream");
      }
      streams = Collections.unmodifiableSet(new LinkedHashSet<>(streams));
    }
  }
}
