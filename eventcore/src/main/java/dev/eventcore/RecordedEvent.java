package dev.eventcore;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as stored: where it is (global position, stream and version), what it is (id, type
 * name, payload, metadata) and when it was recorded.
 *
 * <p>An upcaster may read one stored event as several events (a split): each keeps the stored
 * event's position, stream, version, id and recorded-at, and carries the metadata entry {@link
 * #PART_KEY}. A reader that keeps a checkpoint moves it to an event's position only when {@link
 * #completesStoredEvent()}, so it never stops half-way through a split.
 *
 * @param position its position in the store-wide log
 * @param streamId its stream
 * @param version its version within the stream ({@code >= 1})
 * @param id its unique id
 * @param type its registered type name
 * @param payload the event
 * @param metadata its metadata
 * @param recordedAt when the store recorded it
 * @param <E> the payload type
 *
 * @since 0.1.0
 */
public record RecordedEvent<E>(
    GlobalPosition position,
    StreamId streamId,
    Version version,
    EventId id,
    String type,
    E payload,
    Metadata metadata,
    Instant recordedAt) {

  /**
   * The metadata key on each event of a split read: {@code "i/n"}, the event's rank among the
   * events read from the same stored event. Reserved: an append carrying it is refused.
   */
  public static final String PART_KEY = "eventcore.part";

  /** Validates the arguments. */
  public RecordedEvent {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (version.value() < 1) {
      throw new IllegalArgumentException("a recorded event's version is >= 1 but was " + version);
    }
  }

  /**
   * The payload as {@code type}.
   *
   * @throws ClassCastException if the payload is not a {@code type}
   */
  public <T> T payloadAs(Class<T> type) {
    return type.cast(payload);
  }

  /**
   * Whether this is the last (or only) event read from its stored event, so that a reader that
   * handled it may move its checkpoint to its position.
   */
  public boolean completesStoredEvent() {
    String part = metadata.entries().get(PART_KEY);
    if (part == null) {
      return true;
    }
    int slash = part.indexOf('/');
    return slash < 0 || part.substring(0, slash).equals(part.substring(slash + 1));
  }

  /** "stream@version (position p, type t)": where this event is, for messages and logs. */
  public String describe() {
    return streamId + "@" + version + " (position " + position + ", type " + type + ")";
  }
}
