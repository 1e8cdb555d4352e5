package dev.eventcore.postgres;

import dev.eventcore.EventDecodingException;
import dev.eventcore.Metadata;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.StreamId;
import dev.eventcore.internal.LegacyStreamIds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns metadata into JSON text and back: a flat map of strings, stored as a {@code jsonb} object
 * whatever the store's payload codec (see {@link dev.eventcore.serialization.EventCodec}), read
 * with a plain mapper no user configuration changes. Thread-safe.
 */
final class MetadataJson {
  private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {};
  // values read as they are (no coercion of 1 to "1"): anything but a string is not metadata
  private static final ObjectReader METADATA_READER =
      JsonMapper.builder().build().readerFor(OBJECT_MAP);

  /** Metadata and its JSON text. */
  private record EncodedMetadata(Metadata metadata, String json) {}

  /** Metadata read from its stored JSON bytes. */
  @SuppressWarnings("ArrayRecordComponent") // a private cache entry, compared by identity
  private record DecodedMetadata(byte[] json, Metadata metadata) {}

  private final long maxBytes;
  private volatile @Nullable EncodedMetadata lastMetadata;
  private volatile @Nullable DecodedMetadata lastDecoded;

  MetadataJson(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The UTF-8 length of {@code text} (valid UTF-16: metadata is checked when built). */
  static long utf8Length(String text) {
    long bytes = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        bytes += c < 0x800 ? 1 : Character.isHighSurrogate(c) ? 0 : 2;
      }
    }
    return bytes;
  }

  /**
   * The metadata as a JSON object of strings; its exact UTF-8 size is checked against the limit.
   * Written by {@link Metadata#toJson()} (a flat map of strings needs no generator), and the last
   * metadata encoded is remembered: the events of one append, or of one command's appends, usually share theirs.
   */
  @SuppressWarnings("ReferenceEquality") // the cache is by identity: events share one instance
  String encodeMetadata(Metadata metadata, Supplier<String> what) {
    if (metadata.entries().isEmpty()) {
      return "{}";
    }
    EncodedMetadata last = lastMetadata;
    if (last != null && last.metadata == metadata) {
      return last.json;
    }
    String text = metadata.toJson();
    checkSize(text, what);
    lastMetadata = new EncodedMetadata(metadata, text);
    return text;
  }

  private void checkSize(String json, Supplier<String> what) {
    if (json.length() * 3L > maxBytes) { // else even 3 bytes per char fit
      long size = json.getBytes(StandardCharsets.UTF_8).length;
      if (size > maxBytes) {
        throw new PayloadTooLargeException(what.get(), size, maxBytes);
      }
    }
  }

  /**
   * The metadata of a stored event (its JSON as UTF-8 bytes). The last metadata decoded is
   * remembered: the events of an append, a command or a request usually share theirs.
   */
  Metadata decodeMetadata(byte[] json, Supplier<String> where) {
    if (json.length == 2 && json[0] == '{' && json[1] == '}') {
      return Metadata.empty();
    }
    DecodedMetadata last = lastDecoded;
    if (last != null && Arrays.equals(last.json, json)) {
      return last.metadata;
    }
    Metadata metadata;
    try {
      Map<String, Object> entries = METADATA_READER.readValue(json);
      metadata = new Metadata(strings(entries));
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new EventDecodingException(
          "cannot decode the metadata of stored event " + where.get() + ": " + e.getMessage(), e);
    }
    lastDecoded = new DecodedMetadata(json, metadata);
    return metadata;
  }

  /** The entries of stored metadata, which must all be strings. */
  private static Map<String, String> strings(Map<String, Object> entries) {
    Map<String, String> strings = new LinkedHashMap<>(entries.size() * 2);
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      if (!(entry.getValue() instanceof String)) {
        throw new IllegalArgumentException("the value of key '" + entry.getKey() + "' is "
            + (entry.getValue() == null ? "null" : "not a string: " + entry.getValue())
            + "; metadata holds strings only");
      }
      strings.put(entry.getKey(), (String) entry.getValue());
    }
    return strings;
  }

  /** A stream id read from a row (one stored before format characters were refused included). */
  static StreamId streamId(String value, Supplier<String> where) {
    try {
      return LegacyStreamIds.read(value);
    } catch (IllegalArgumentException e) {
      throw new EventDecodingException(
          "stored event " + where.get() + " has an invalid stream id: " + e.getMessage(), e);
    }
  }
}
