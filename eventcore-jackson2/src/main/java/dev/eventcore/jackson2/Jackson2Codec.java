package dev.eventcore.jackson2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eventcore.jackson2.internal.StrictWriting2;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON event codec over a Jackson 2 {@link ObjectMapper}, for applications on Jackson 2 (such
 * as Spring Boot 3) that pass their own mapper, with its modules ({@code JavaTimeModule}, {@code
 * Jdk8Module}) and naming. Its name is {@value EventCodec#JSON}: it writes the same JSON as the
 * default Jackson 3 codec, stored as {@code jsonb}, so either reads the other's events.
 *
 * <pre>{@code
 * EventStore store = PostgresEventStore.builder()
 *     .dataSource(dataSource)
 *     .eventTypes(types)
 *     .codec(Jackson2Codec.json(springObjectMapper))
 *     .build();
 * }</pre>
 *
 * <p>Payloads are written with a copy of the mapper plus the rules of the Jackson 3 codec: NaN
 * and the infinities as bare tokens (then refused by the store), a {@code null} {@code Optional}
 * property refused, doubles in plain notation; appends are held to the limits the mapper reads
 * with. The mapper must not be reconfigured after it is passed here. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Jackson2Codec implements EventCodec {
  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final JsonLimits limits;
  /** A reader per payload class, made once, rather than a type resolved on every read. */
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  private Jackson2Codec(ObjectMapper mapper) {
    this.limits = StrictWriting2.readLimits(mapper);
    this.writer = StrictWriting2.writer(mapper);
    this.mapper = mapper;
  }

  /**
   * The JSON codec over the application's mapper.
   *
   * @throws IllegalArgumentException if the mapper limits the document length or token count,
   *     which an append cannot check (PostgreSQL returns JSON with other spacing)
   */
  public static EventCodec json(ObjectMapper mapper) {
    return new Jackson2Codec(Objects.requireNonNull(mapper, "mapper"));
  }

  @Override
  public String name() {
    return JSON;
  }

  @Override
  public Format format() {
    return Format.JSON;
  }

  @Override
  public byte[] encode(Object payload) {
    try {
      return writer.writeValueAsBytes(payload);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "at " + StrictWriting2.path(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    try {
      return type.cast(readers.computeIfAbsent(type, mapper::readerFor).readValue(data));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public JsonLimits readLimits() {
    return limits;
  }

  @Override
  public String toString() {
    return "Jackson2Codec[json]";
  }
}
