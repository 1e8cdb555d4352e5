package dev.eventcore;

import java.util.List;
import java.util.Objects;

/**
 * One stream's part of a multi-stream append: the stream, its expected version and its events.
 *
 * <p>An empty event list makes this part a pure check: the stream's version is checked with the
 * rest of the append and nothing is written to it. That is how a command asserts that a stream it
 * read but does not write has not changed. An append as a whole must write at least one event.
 *
 * @param stream the stream
 * @param expected what its version must be
 * @param events the events to append to it, in order (copied)
 *
 * @since 0.1.0
 */
public record StreamAppend(
    StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {

  /** Validates and copies the arguments. */
  public StreamAppend {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(events, "events");
    try {
      events = List.copyOf(events); // free for a List.of list, which cannot hold a null
    } catch (NullPointerException e) {
      throw new NullPointerException("events[" + events.indexOf(null) + "]");
    }
  }

  /** Appends {@code events} to {@code stream} if its version satisfies {@code expected}. */
  public static StreamAppend of(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    return new StreamAppend(stream, expected, events);
  }

  /**
   * A single-stream append's one part, which must write: what {@code append(stream, expected,
   * events)} takes.
   *
   * @throws IllegalArgumentException if {@code events} is empty
   */
  public static StreamAppend writing(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    StreamAppend append = new StreamAppend(stream, expected, events); // checks for nulls first
    if (append.events().isEmpty()) {
      throw new IllegalArgumentException(
          "events must not be empty: an append writes at least one event (stream " + stream + ")");
    }
    return append;
  }

  /** Checks that {@code stream}'s version satisfies {@code expected}, writing nothing to it. */
  public static StreamAppend check(StreamId stream, ExpectedVersion expected) {
    return new StreamAppend(stream, expected, List.of());
  }
}
