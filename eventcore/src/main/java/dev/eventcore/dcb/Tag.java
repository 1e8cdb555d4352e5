package dev.eventcore.dcb;

import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A label on an event that dynamic consistency boundaries select by: {@code course:c-1}, {@code
 * student:s-7}, {@code vip}. A tag is one string, so that a store indexes it as one value and a
 * query item matches events carrying all of its tags by containment; {@link #of(String, String)}
 * builds the usual {@code key:value} form. The stream an event is in is an implicit tag ({@link
 * #stream}): a query may select by it, an event never carries it explicitly.
 *
 * <pre>{@code
 * Tag course = Tag.of("course", "c-1");   // "course:c-1"
 * Tag vip = Tag.of("vip");
 * }</pre>
 *
 * @param value 1 to {@value #MAX_LENGTH} characters, no control characters; a leading {@code $}
 *     is reserved for implicit tags
 * @since 0.2.0
 */
public record Tag(String value) implements Comparable<Tag> {
  /** The most characters of a tag. */
  public static final int MAX_LENGTH = 255;

  /** The metadata key under which a store keeps an event's tags (one per line, sorted). */
  public static final String METADATA_KEY = "eventcore.tags";

  static final String STREAM_PREFIX = "$stream:";

  /** Validates the tag. */
  public Tag {
    Objects.requireNonNull(value, "value");
    if (value.startsWith("$") && !value.startsWith(STREAM_PREFIX)) {
      throw new IllegalArgumentException("tags starting with '$' are reserved but got "
          + quote(value));
    }
    // a stream's implicit tag holds a whole stream id after its prefix
    int max = value.startsWith(STREAM_PREFIX) ? STREAM_PREFIX.length() + MAX_LENGTH : MAX_LENGTH;
    if (value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException("a tag must have 1 to " + MAX_LENGTH
          + " characters but had " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException("a tag must not contain control characters but "
            + quote(value) + " has one at index " + i);
      }
    }
  }

  /** The tag {@code value}. */
  public static Tag of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.startsWith("$")) {
      throw new IllegalArgumentException("tags starting with '$' are reserved but got "
          + quote(value));
    }
    return new Tag(value);
  }

  /** The tag {@code key:value}; the key must not contain {@code ':'}. */
  public static Tag of(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty() || key.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a tag's key must be non-empty and without ':' but was "
          + quote(key));
    }
    return of(key + ":" + value);
  }

  /** The implicit tag of every event in {@code stream}: for queries only. */
  public static Tag stream(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    return new Tag(STREAM_PREFIX + stream.value());
  }

  /** Whether this is the implicit tag of the stream {@code streamId}. */
  boolean isStreamTagOf(String streamId) {
    return value.length() == STREAM_PREFIX.length() + streamId.length()
        && value.startsWith(STREAM_PREFIX) && value.endsWith(streamId);
  }

  /** Whether this is the implicit tag of a stream. */
  public boolean isStream() {
    return value.startsWith(STREAM_PREFIX);
  }

  /** The stream of an implicit stream tag. */
  public Optional<StreamId> streamId() {
    return isStream()
        ? Optional.of(StreamId.of(value.substring(STREAM_PREFIX.length())))
        : Optional.empty();
  }

  /** The tags an event's {@code metadata} records ({@link #METADATA_KEY}); empty if none. */
  public static SortedSet<Tag> ofMetadata(Metadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    String text = metadata.isEmpty() ? null : metadata.entries().get(METADATA_KEY);
    if (text == null || text.isEmpty()) {
      return Collections.emptySortedSet();
    }
    TreeSet<Tag> tags = new TreeSet<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end;
      if (end > start) {
        tags.add(new Tag(text.substring(start, end)));
      }
      start = end + 1;
    }
    return Collections.unmodifiableSortedSet(tags);
  }

  /** {@code metadata} recording {@code tags} (unchanged when there are none). */
  static Metadata record(Metadata metadata, SortedSet<Tag> tags) {
    if (tags.isEmpty()) {
      return metadata;
    }
    StringBuilder text = new StringBuilder();
    for (Tag tag : tags) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(tag.value());
    }
    return metadata.with(METADATA_KEY, text.toString());
  }

  @Override
  public int compareTo(Tag other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static String quote(String text) {
    return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
  }
}
