package dev.eventcore.jackson.internal;

import dev.eventcore.serialization.JsonLimits;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.type.ArrayType;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * How the codecs write payloads with the application's mapper, so that nothing changes on the way
 * through PostgreSQL: NaN and the infinities are written as the bare tokens they are (which the
 * encoded-payload check then refuses) instead of as strings that a number field would read back
 * but any other field would not; an {@code Optional} property that is {@code null} is refused
 * (it would read back as {@code Optional.empty()}); doubles and floats are written in plain notation with a fraction ({@code 1.0E7} as {@code
 * 10000000.0}: jsonb would return {@code 10000000}, which an untyped field reads as an integer);
 * and the reader's limits are the mapper's own. Not API.
 */
public final class StrictWriting {
  private StrictWriting() {}

  /** The writer for JSON payloads: the application's mapper with the rules above. */
  public static ObjectWriter writer(JsonMapper mapper) {
    SimpleModule module = new SimpleModule("eventcore-strict-writing");
    module.setSerializerModifier(new Modifier(true));
    return mapper.rebuild().addModule(module).build().writer()
        .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
  }

  /**
   * The writer for binary payloads: the application's mapper refusing a {@code null} {@code
   * Optional} (binary formats keep NaN, negative zero and exponents as they are).
   */
  public static ObjectWriter binaryWriter(CBORMapper mapper) {
    SimpleModule module = new SimpleModule("eventcore-strict-writing");
    module.setSerializerModifier(new Modifier(false));
    return mapper.rebuild().addModule(module).build().writer();
  }

  /**
   * The limits the mapper reads with, so that appends are held to exactly them.
   *
   * @throws IllegalArgumentException if the mapper limits the document length or token count,
   *     which cannot be checked at append: PostgreSQL returns JSON longer than it was written
   */
  public static JsonLimits readLimits(JsonMapper mapper) {
    StreamReadConstraints read = mapper.tokenStreamFactory().streamReadConstraints();
    if (read.hasMaxDocumentLength() || read.hasMaxTokenCount()) {
      throw new IllegalArgumentException("objectMapper's StreamReadConstraints limit the document"
          + " length or token count, which an append cannot check (PostgreSQL returns JSON with"
          + " spaces and numbers written out): remove maxDocumentLength and maxTokenCount, and"
          + " bound payloads with StoreLimits.maxEventBytes instead");
    }
    return new JsonLimits(read.getMaxNumberLength(), read.getMaxNameLength(),
        read.getMaxStringLength(), read.getMaxNestingDepth());
  }

  /** "$.lines[2].note": the JSON path of a Jackson failure, for messages. */
  public static String path(JacksonException e) {
    StringBuilder path = new StringBuilder("$");
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append('.').append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
      if (path.length() > 200) {
        return path.append("...").toString();
      }
    }
    return path.toString();
  }

  /**
   * Gives each property of an {@code Optional} type a null serializer that refuses, and (for JSON)
   * writes doubles and floats in plain notation.
   */
  private static final class Modifier extends ValueSerializerModifier {
    private static final long serialVersionUID = 1L;
    private final boolean json;

    Modifier(boolean json) {
      this.json = json;
    }

    @Override
    public ValueSerializer<?> modifySerializer(SerializationConfig config,
        BeanDescription.Supplier description, ValueSerializer<?> serializer) {
      return json ? PlainFloatingPoint.wrap(serializer) : serializer;
    }

    @Override
    public ValueSerializer<?> modifyArraySerializer(SerializationConfig config, ArrayType type,
        BeanDescription.Supplier description, ValueSerializer<?> serializer) {
      return json ? PlainFloatingPoint.wrapArray(serializer) : serializer;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config,
        BeanDescription.Supplier description, List<BeanPropertyWriter> properties) {
      for (BeanPropertyWriter property : properties) {
        Class<?> type = property.getType().getRawClass();
        if (type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
            || type == OptionalDouble.class) {
          property.assignNullSerializer(new NullOptional(property.getName()));
        }
      }
      return properties;
    }
  }

  /** Refuses to write a null where an {@code Optional} belongs. */
  private static final class NullOptional extends ValueSerializer<Object> {
    private final String property;

    NullOptional(String property) {
      this.property = property;
    }

    @Override
    public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
      context.reportMappingProblem("has a null Optional in property '" + property + "', which"
          + " reads back as Optional.empty(); use Optional.empty()");
    }
  }
}
