package dev.eventcore.jackson.internal;

import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * An {@link EventCodec} over a Jackson 3 mapper: payloads written by a {@link StrictWriting}
 * writer, read by the mapper. Jackson's failures become {@link IllegalArgumentException}s with
 * the JSON path of the problem. Thread-safe. Not API.
 */
public final class MapperCodec implements EventCodec {
  /** A read limit's message: its first number is how far the parser had read, which varies. */
  private static final Pattern LIMIT_LENGTH = Pattern.compile(
      "^((?:Number|String|Name) value length|Document length) \\(\\d+\\) exceeds");

  private final String name;
  private final Format format;
  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final JsonLimits limits;
  /**
   * A reader per payload class, made once: {@code mapper.readValue(data, type)} resolves the type
   * and looks up its root deserializer on every call, a cost per event on every read.
   */
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  /** A codec named {@code name} writing with {@code writer} and reading with {@code mapper}. */
  public MapperCodec(
      String name, Format format, ObjectMapper mapper, ObjectWriter writer, JsonLimits limits) {
    this.name = name;
    this.format = format;
    this.mapper = mapper;
    this.writer = writer;
    this.limits = limits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Format format() {
    return format;
  }

  @Override
  public byte[] encode(Object payload) {
    try {
      return writer.writeValueAsBytes(payload);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("at " + StrictWriting.path(e) + ": "
          + e.getOriginalMessage(), e);
    }
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    try {
      return type.cast(readers.computeIfAbsent(type, mapper::readerFor).readValue(data));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(stable(e.getOriginalMessage()), e);
    }
  }

  /**
   * The message without the length Jackson had read when a read limit tripped: it depends on the
   * parser's recycled buffer sizes, and a stored event must give the same reason on every read.
   */
  static String stable(String message) {
    return LIMIT_LENGTH.matcher(message).replaceFirst("$1 exceeds");
  }

  @Override
  public JsonLimits readLimits() {
    return limits;
  }

  /** The mapper payloads are read with. */
  public ObjectMapper mapper() {
    return mapper;
  }

  @Override
  public String toString() {
    return "JacksonCodec[" + name + "]";
  }
}
