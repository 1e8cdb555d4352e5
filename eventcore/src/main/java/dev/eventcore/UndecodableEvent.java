package dev.eventcore;

import java.util.Objects;

/**
 * The raw envelope of a stored event that cannot be turned back into a class: what the store holds
 * for it, and why it cannot be decoded. It is the payload of the {@link RecordedEvent} a reader
 * receives at that event's position when it asked for undecodable events raw ({@link
 * EventFilter#deliveringUndecodable()}), and what {@link UndecodableEventException} carries when a
 * read stops at it. The event's position, stream, version, id and recorded-at are those of the
 * {@code RecordedEvent}; its {@code metadata()} is the decoded metadata, or empty when the
 * metadata itself cannot be decoded (then only {@link #metadata()} here holds it).
 *
 * <pre>{@code
 * store.subscribe(after, EventFilter.all().deliveringUndecodable(), event -> {
 *   if (event.payload() instanceof UndecodableEvent raw) {
 *     quarantine.put(event.position(), raw.type(), raw.data(), raw.reason());
 *     return;
 *   }
 *   apply(event);
 * });
 * }</pre>
 *
 * <p>What {@code data} and {@code metadata} hold depends on the adapter: on PostgreSQL, the stored
 * JSON text of the {@code data} and {@code metadata} columns, exactly as the server renders them
 * (decoded from UTF-8), or for a payload of a binary codec its name, a colon and the bytes in
 * base64 ({@code "cbor:oWR0ZXh0..."}); in memory, where events are kept as objects, the stored
 * payload's {@code toString()} and the metadata as a JSON object of strings. {@link #toString()}
 * prints neither (a payload may hold personal data); it shows their sizes.
 *
 * @param type the stored type name (a legacy name when an upcaster failed on it)
 * @param revision the stored revision of that type
 * @param data the stored payload, as text (see above)
 * @param metadata the stored metadata, as text (see above)
 * @param reason why it cannot be decoded, naming the stored event
 *
 * @since 0.1.0
 */
public record UndecodableEvent(
    String type, int revision, String data, String metadata, String reason) {

  /** Validates the fields. */
  public UndecodableEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The envelope of a payload object that cannot be read as today's classes (an in-memory store,
   * or a payload decoded as a legacy class whose upcaster failed): its {@code toString()} as data.
   */
  public static UndecodableEvent ofObject(
      String type, int revision, Object payload, Metadata metadata, String reason) {
    return new UndecodableEvent(
        type, revision, String.valueOf(payload), metadata.toJson(), reason);
  }

  /** The type, revision, reason and the sizes of data and metadata, never their contents. */
  @Override
  public String toString() {
    return "UndecodableEvent[type=" + type + ", revision=" + revision + ", data=" + data.length()
        + " chars, metadata=" + metadata.length() + " chars, reason=" + reason + "]";
  }
}
