package dev.eventcore.command;

import dev.eventcore.EventData;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a successful command did: the streams it wrote with their new versions, the events it
 * wrote (with the metadata they were stored with), and how many attempts it took.
 *
 * @param versions each stream written and its version after the append (empty when nothing was
 *     written)
 * @param events each stream written and the events written to it, in order
 * @param attempts the attempts made, {@code >= 1}; more than one means conflicts were retried
 *
 * @since 0.1.0
 */
public record CommandResult(
    Map<StreamId, Version> versions, Map<StreamId, List<EventData<?>>> events, int attempts) {

  /** Validates and copies the arguments. */
  public CommandResult {
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(events, "events");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
    }
    if (!versions.keySet().equals(events.keySet())) {
      throw new IllegalArgumentException(
          "versions name streams " + versions.keySet() + " but events name " + events.keySet());
    }
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    Map<StreamId, List<EventData<?>>> copy = new LinkedHashMap<>();
    events.forEach((stream, list) -> copy.put(stream, List.copyOf(list)));
    events = Collections.unmodifiableMap(copy);
  }

  /** The streams written, in append order. */
  public Set<StreamId> streamsWritten() {
    return versions.keySet();
  }

  /**
   * The version of {@code stream} after the append.
   *
   * @throws IllegalArgumentException if the command did not write to {@code stream}
   */
  public Version version(StreamId stream) {
    Version version = versions.get(Objects.requireNonNull(stream, "stream"));
    if (version == null) {
      throw new IllegalArgumentException(
          "the command did not write to " + stream + "; it wrote to " + versions.keySet());
    }
    return version;
  }

  /** Every event written, stream by stream. */
  public List<EventData<?>> eventsWritten() {
    List<EventData<?>> all = new ArrayList<>();
    events.values().forEach(all::addAll);
    return all;
  }

  /** Whether the decision wrote nothing. */
  public boolean wroteNothing() {
    return versions.isEmpty();
  }
}
