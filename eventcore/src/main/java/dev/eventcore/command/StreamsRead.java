package dev.eventcore.command;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The streams an attempt of a command read, with the version of each: the command's consistency
 * boundary for that attempt. {@link Command#decide} receives it so that a command that discovers
 * streams ({@link Decision#readAlso}) can tell whether they have been read yet.
 *
 * @param versions each stream read and its version at the time (in reading order)
 *
 * @since 0.1.0
 */
public record StreamsRead(Map<StreamId, Version> versions) {

  /** Validates and copies the argument. */
  public StreamsRead {
    Objects.requireNonNull(versions, "versions");
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /** Whether {@code stream} was read. */
  public boolean contains(StreamId stream) {
    return versions.containsKey(Objects.requireNonNull(stream, "stream"));
  }

  /** Whether every stream of {@code streams} was read. */
  public boolean containsAll(Set<StreamId> streams) {
    return versions.keySet().containsAll(streams);
  }

  /**
   * The version {@code stream} had when read ({@link Version#NONE} for an absent stream).
   *
   * @throws IllegalArgumentException if {@code stream} was not read
   */
  public Version version(StreamId stream) {
    Version version = versions.get(Objects.requireNonNull(stream, "stream"));
    if (version == null) {
      throw new IllegalArgumentException(
          "stream " + stream + " was not read; the streams read are " + versions.keySet());
    }
    return version;
  }

  /** The streams read, in reading order. */
  public Set<StreamId> streams() {
    return versions.keySet();
  }
}
