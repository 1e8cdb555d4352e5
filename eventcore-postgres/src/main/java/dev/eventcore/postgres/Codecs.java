package dev.eventcore.postgres;

import dev.eventcore.EventDecodingException;
import dev.eventcore.UnknownEventTypeException;
import dev.eventcore.jackson.JacksonCodec;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.CheckedCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store's payload codecs: the one it writes with, and the ones it reads with, by the name
 * stored in each row's {@code codec} column ({@code ''} for the JSON codec, {@value
 * EventCodec#JSON}). A row is read with the codec that wrote it, so a store can change codec
 * without rewriting history. Besides the codecs the application gave, the default Jackson codecs
 * ({@link JacksonCodec#json()}, {@link JacksonCodec#cbor()}) read rows of their names. Thread-safe.
 */
final class Codecs {
  private final EventTypes types;
  private final CheckedCodec writer;
  private final String writerColumn;
  private final long maxBytes;
  private final Map<String, CheckedCodec> readers = new ConcurrentHashMap<>();
  private final MetadataJson metadata;

  /** A payload encoded: JSON text ({@code binary} null) or bytes ({@code json} null). */
  @SuppressWarnings("ArrayRecordComponent") // internal: built once, read once, never compared
  record Encoded(@Nullable String json, byte @Nullable [] binary, int bytes) {}

  /**
   * @throws IllegalArgumentException if a codec's name is not allowed or two codecs share a name
   */
  Codecs(EventTypes types, EventCodec writer, List<EventCodec> readers, long maxBytes) {
    this.types = types;
    this.maxBytes = maxBytes;
    this.metadata = new MetadataJson(maxBytes);
    this.writer = CheckedCodec.of(writer, maxBytes);
    this.writerColumn = column(writer.name());
    this.readers.put(writerColumn, this.writer);
    for (EventCodec reader : readers) {
      CheckedCodec checked = CheckedCodec.of(reader, maxBytes);
      CheckedCodec before = this.readers.putIfAbsent(column(reader.name()), checked);
      if (before != null && before.codec() != reader) {
        throw new IllegalArgumentException("two codecs are named '" + reader.name() + "' ("
            + before.codec() + " and " + reader + "): a stored event names the one codec that"
            + " reads it; give each codec once");
      }
    }
  }

  /**
   * The codecs of a store: it writes with {@code writer} (null: {@link JacksonCodec#json()},
   * whose creation checks jackson-annotations) and reads with it, {@code readers} and the defaults.
   *
   * @throws IllegalArgumentException if two codecs share a name
   * @throws IllegalStateException if jackson-annotations is missing or too old
   */
  static Codecs of(EventTypes types, @Nullable EventCodec writer, List<EventCodec> readers,
      long maxBytes) {
    return new Codecs(types, writer != null ? writer : JacksonCodec.json(), readers, maxBytes);
  }

  /** The JSON codec over {@code mapper} (for {@code Builder.objectMapper}). */
  static EventCodec json(JsonMapper mapper) {
    return JacksonCodec.json(Objects.requireNonNull(mapper, "objectMapper"));
  }

  /** {@code codec}, checked by name (for {@code Builder.codec}). */
  static EventCodec check(EventCodec codec) {
    return CheckedCodec.checkName(Objects.requireNonNull(codec, "codec"));
  }

  /** The metadata encoding, shared by the writer and the readers (it remembers the last one). */
  MetadataJson metadata() {
    return metadata;
  }

  /** The codecs checked by name, as a list (for {@code Builder.codec}'s read-only codecs). */
  static List<EventCodec> checkAll(EventCodec... codecs) {
    Objects.requireNonNull(codecs, "alsoReading");
    for (int i = 0; i < codecs.length; i++) {
      CheckedCodec.checkName(Objects.requireNonNull(codecs[i], "alsoReading[" + i + "]"));
    }
    return List.of(codecs);
  }

  /** The {@code codec} column's value for a codec name: {@code ''} for JSON. */
  static String column(String name) {
    return name.equals(EventCodec.JSON) ? "" : name;
  }

  /** Whether the store writes with the JSON codec, the path of V6's function and INSERT. */
  boolean writesPlainJson() {
    return writerColumn.isEmpty();
  }

  /** The {@code codec} column's value of the events this store writes. */
  String writerColumn() {
    return writerColumn;
  }

  /** Whether the store's codec writes JSON text (stored as jsonb). */
  boolean writesJson() {
    return writer.json();
  }

  /** The stored revision of the payload's class. */
  int revisionOf(Object payload) {
    return types.revisionOf(payload.getClass());
  }

  /** The payload encoded and checked by the store's codec (see {@link CheckedCodec#encode}). */
  Encoded encode(Object payload, Supplier<String> what) {
    byte[] bytes = writer.encode(payload, what);
    return writer.json()
        ? new Encoded(new String(bytes, StandardCharsets.UTF_8), null, bytes.length)
        : new Encoded(null, bytes, bytes.length);
  }

  /**
   * A snapshot state encoded by the store's codec, held to the rules of payloads but not to their
   * size limit (a snapshot is a cache: a state refused here fails the save, and the aggregate is
   * replayed instead).
   */
  Encoded encodeState(Object state, Supplier<String> what) {
    byte[] bytes = CheckedCodec.of(writer.codec(), Long.MAX_VALUE).encode(state, what);
    return writer.json()
        ? new Encoded(new String(bytes, StandardCharsets.UTF_8), null, bytes.length)
        : new Encoded(null, bytes, bytes.length);
  }

  /** A snapshot state read by the codec named {@code codec} (a row's column value). */
  <T> T decodeState(Class<T> type, String codec, byte[] data) {
    return reader(codec, () -> "snapshot").codec().decode(data, type);
  }

  /**
   * The payload of a stored event, read by the codec named in its row as the class (current or
   * legacy) of its type and revision.
   *
   * @throws UnknownEventTypeException if the type and revision have no registered class
   * @throws EventDecodingException if no codec of the row's name is known or the data does not fit
   */
  Object decode(String type, int revision, String codec, byte[] data, Supplier<String> where) {
    Class<?> target;
    try {
      target = types.classOf(type, revision);
    } catch (UnknownEventTypeException e) {
      throw new UnknownEventTypeException(
          type, "cannot read stored event " + where.get() + ": " + e.getMessage());
    }
    return reader(codec, where).decode(data, target, where);
  }

  private CheckedCodec reader(String codec, Supplier<String> where) {
    CheckedCodec reader = readers.get(codec);
    if (reader == null) {
      reader = fallback(codec);
    }
    if (reader == null) {
      throw new EventDecodingException("cannot decode stored event " + where.get()
          + ": it was written by codec '" + codec + "', which this store does not have; add it"
          + " to the codecs it reads with: PostgresEventStore.Builder.codec(codec, alsoReading...)",
          null);
    }
    return reader;
  }

  /** The default Jackson codec of that name, added on first use; null if there is none. */
  private synchronized @Nullable CheckedCodec fallback(String codec) {
    CheckedCodec known = readers.get(codec);
    if (known != null) {
      return known;
    }
    EventCodec fallback = codec.isEmpty() ? JacksonCodec.json()
        : codec.equals(JacksonCodec.CBOR) ? JacksonCodec.cbor() : null;
    if (fallback == null) {
      return null;
    }
    CheckedCodec checked = CheckedCodec.of(fallback, maxBytes);
    readers.put(codec, checked);
    return checked;
  }
}
