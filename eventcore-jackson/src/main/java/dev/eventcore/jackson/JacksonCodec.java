package dev.eventcore.jackson;

import dev.eventcore.jackson.internal.AnnotationsCheck;
import dev.eventcore.jackson.internal.FastCreators;
import dev.eventcore.jackson.internal.MapperCodec;
import dev.eventcore.jackson.internal.StrictWriting;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.JsonLimits;
import java.util.Objects;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The Jackson 3 event codecs: JSON, the default of every store (stored as {@code jsonb} on
 * PostgreSQL, so events stay queryable from SQL), and CBOR, a compact binary form of the same data
 * model (stored as {@code bytea}) for applications that value size and speed over SQL access.
 *
 * <pre>{@code
 * EventStore store = PostgresEventStore.builder()
 *     .dataSource(dataSource)
 *     .eventTypes(types)
 *     .codec(JacksonCodec.cbor())   // new events in CBOR; older JSON events still read
 *     .build();
 * }</pre>
 *
 * <p>Payloads are written with the mapper's configuration plus rules that keep every value equal
 * on its way back: a {@code null} {@code Optional} property is refused (it would read back as
 * {@code Optional.empty()}); in JSON, NaN and the infinities are written as bare tokens (then
 * refused by the store's check) instead of strings, and doubles in plain notation ({@code 1.0E7} as
 * {@code 10000000.0}, which {@code jsonb} keeps a double). CBOR keeps NaN, infinities and negative
 * zero as they are. Records, {@code java.time} and {@code Optional} work with the default mappers,
 * which keep a date's offset and zone id ({@code OffsetDateTime} and {@code ZonedDateTime} read back
 * equal). Every payload is read back when appended: one that would read back different (a {@code
 * Long} under a property declared {@code Object} reads back an {@code Integer}) is refused.
 *
 * <p>Each factory first checks the application's {@code jackson-annotations}: Jackson 3.m needs
 * 2.(20+m) or later; an older jar fails here, naming both versions, instead of with a {@code
 * NoClassDefFoundError} on the first append. Codecs are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class JacksonCodec {
  /** The name of the CBOR codec, recorded with each event it writes. */
  public static final String CBOR = "cbor";

  private JacksonCodec() {}

  /**
   * The JSON codec with a plain {@link JsonMapper}: the default codec.
   *
   * @throws IllegalStateException if {@code jackson-annotations} is missing or too old
   */
  public static EventCodec json() {
    AnnotationsCheck.require();
    return Defaults.JSON;
  }

  /**
   * The JSON codec with the application's mapper (its modules, naming and features). Appends are
   * held to the limits the mapper reads with (its {@code StreamReadConstraints}).
   *
   * @throws IllegalArgumentException if the mapper limits the document length or token count,
   *     which an append cannot check (PostgreSQL returns JSON with other spacing)
   * @throws IllegalStateException if {@code jackson-annotations} is missing or too old
   */
  public static EventCodec json(JsonMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    AnnotationsCheck.require();
    JsonLimits limits = StrictWriting.readLimits(mapper);
    return new MapperCodec(EventCodec.JSON, EventCodec.Format.JSON,
        FastCreators.reading(mapper), StrictWriting.writer(mapper), limits);
  }

  /**
   * The CBOR codec (RFC 8949) with a plain {@link CBORMapper}.
   *
   * @throws IllegalStateException if {@code jackson-annotations} is missing or too old
   */
  public static EventCodec cbor() {
    AnnotationsCheck.require();
    return Defaults.CBOR_CODEC;
  }

  /**
   * The CBOR codec with the application's mapper.
   *
   * @throws IllegalStateException if {@code jackson-annotations} is missing or too old
   */
  public static EventCodec cbor(CBORMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    AnnotationsCheck.require();
    return new MapperCodec(CBOR, EventCodec.Format.BINARY, FastCreators.reading(mapper),
        StrictWriting.binaryWriter(mapper), JsonLimits.defaults());
  }

  /**
   * The default codecs, built on first use (after the annotations check). Dates keep their offset
   * and zone: Jackson's defaults read an {@code OffsetDateTime} or {@code ZonedDateTime} back moved
   * to UTC and write a zone's offset without its id, so neither would read back equal.
   */
  private static final class Defaults {
    static final EventCodec JSON = json(JsonMapper.builder()
        .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID).build());
    static final EventCodec CBOR_CODEC = cbor(CBORMapper.builder()
        .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID).build());
  }
}
