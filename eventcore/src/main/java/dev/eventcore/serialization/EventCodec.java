package dev.eventcore.serialization;

/**
 * Turns event payloads into bytes and back: the serializer a store is built with. A store records
 * the {@link #name()} of the codec that wrote each event and reads each event with the codec of
 * that name, so a store can change codec without rewriting its history.
 *
 * <p>eventcore ships {@code JacksonCodec.json()} (the default: JSON stored as PostgreSQL {@code
 * jsonb}, queryable from SQL), {@code JacksonCodec.cbor()} (binary, stored as {@code bytea}) in
 * {@code eventcore-jackson}, and {@code Jackson2Codec.json(ObjectMapper)} in {@code
 * eventcore-jackson2}. Any other serializer (protobuf, Kryo, Java serialization) fits: a codec
 * only turns an object into bytes and bytes of a given class back into an object.
 *
 * <p>The store holds every codec to the rule that what an append accepts reads back equal: a
 * {@link Format#JSON} codec's bytes are checked as they were written (well-formed UTF-8 JSON, no
 * NaN, no infinity, no negative zero, no NUL, within its {@link #readLimits()}), and every
 * codec's bytes are held to the store's size limits. Metadata is not the codec's: it is a flat map
 * of strings that the store keeps as a JSON object whatever the codec (written without any
 * library, queryable from SQL for correlation ids, and shown as text in raw envelopes and dead
 * letters); a binary codec would save next to nothing on it.
 *
 * <p>Implementations must be thread-safe and stateless between calls.
 *
 * @since 0.1.0
 */
public interface EventCodec {

  /** The name of JSON text codecs that read each other's output, the default codec's name. */
  String JSON = "json";

  /** What a codec's bytes are, which decides how a store keeps them. */
  enum Format {
    /**
     * UTF-8 JSON text: stored as {@code jsonb} on PostgreSQL (queryable from SQL), checked on
     * append as described on {@link EventCodec}.
     */
    JSON,
    /** Opaque bytes: stored as {@code bytea}; only the codec reads them. */
    BINARY
  }

  /**
   * The name recorded with each event this codec writes: 1 to 32 characters of {@code a-z},
   * {@code 0-9}, {@code '.'}, {@code '_'} and {@code '-'}, starting with a letter. Codecs that
   * read each other's bytes share a name ({@value #JSON} for standard JSON); a binary codec must
   * not be named {@value #JSON}.
   */
  String name();

  /** Whether this codec writes JSON text or binary bytes. */
  Format format();

  /**
   * The payload as bytes.
   *
   * @param payload an event payload of a registered event class, never null
   * @return the encoded bytes (the caller may keep them; the codec must not change them later)
   * @throws IllegalArgumentException if the payload cannot be encoded, saying why (the store
   *     prefixes the message with the event it belongs to); no other exception is expected
   */
  byte[] encode(Object payload);

  /**
   * A payload read back from bytes this codec (or one of the same name) wrote.
   *
   * @param data the stored bytes
   * @param type the class to read them as (the current or a legacy class of the stored type)
   * @return the payload, never null
   * @throws RuntimeException of any kind if the bytes do not read as {@code type}; the store turns
   *     it into an undecodable event naming the stored event and this message
   */
  <T> T decode(byte[] data, Class<T> type);

  /**
   * For a {@link Format#JSON} codec, the limits its reader enforces, so appends are held to them
   * (default: {@link JsonLimits#defaults()}); ignored for binary codecs.
   */
  default JsonLimits readLimits() {
    return JsonLimits.defaults();
  }

  /**
   * Whether what this codec writes reads back equal whenever it reads back at all. True by
   * default: a store reads each payload back at append and refuses one that would read back as a
   * different value. A codec that changes what it reads by design answers false (crypto-shredding:
   * a subject's data reads as redacted once its key is destroyed, possibly right after it was
   * written), and stores then check only that its payloads read back.
   */
  default boolean readsBackEqual() {
    return true;
  }
}
