package dev.eventcore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an append did: the version of each stream after it, and the positions of the first and
 * last event written.
 *
 * <p>A retried append (same event ids at the same positions) returns the original result.
 *
 * @param versions each stream of the append and its version after it, in the append's order
 * @param firstPosition the global position of the first event written
 * @param lastPosition the global position of the last event written
 *
 * @since 0.1.0
 */
public record AppendResult(
    Map<StreamId, Version> versions, GlobalPosition firstPosition, GlobalPosition lastPosition) {

  /** Validates and copies the arguments. */
  public AppendResult {
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(firstPosition, "firstPosition");
    Objects.requireNonNull(lastPosition, "lastPosition");
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("an append result names at least one stream");
    }
    if (firstPosition.compareTo(lastPosition) > 0) {
      throw new IllegalArgumentException(
          "firstPosition " + firstPosition + " is after lastPosition " + lastPosition);
    }
    versions =
        versions.size() == 1
            ? Map.copyOf(versions)
            : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /**
   * The version of {@code stream} after the append.
   *
   * @throws IllegalArgumentException if the stream was not part of the append
   */
  public Version version(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    Version version = versions.get(stream);
    if (version == null) {
      throw new IllegalArgumentException(
          "stream " + stream + " was not part of this append; it had " + versions.keySet());
    }
    return version;
  }

  /**
   * The version of the only stream of a single-stream append: the version to expect next.
   *
   * @throws IllegalStateException if the append had several streams
   */
  public Version nextExpectedVersion() {
    if (versions.size() != 1) {
      throw new IllegalStateException(
          "this append had " + versions.size() + " streams; use version(StreamId)");
    }
    return versions.values().iterator().next();
  }
}
