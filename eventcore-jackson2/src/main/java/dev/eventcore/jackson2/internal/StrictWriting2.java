package dev.eventcore.jackson2.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.ArrayType;
import dev.eventcore.serialization.JsonLimits;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the Jackson 2 codec writes payloads with the application's mapper, by the same rules as the
 * Jackson 3 codec: NaN and the infinities as bare tokens (then refused by the store's check), a
 * {@code null} {@code Optional} property refused, doubles and floats in plain notation, and the
 * reader's limits the mapper's own. Not API.
 */
public final class StrictWriting2 {
  private StrictWriting2() {}

  /** The writer for payloads: a copy of the application's mapper with the rules above. */
  public static ObjectWriter writer(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("eventcore-strict-writing");
    module.setSerializerModifier(new Modifier());
    ObjectMapper copy = mapper.copy();
    copy.registerModule(module);
    return copy.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
  }

  /**
   * The limits the mapper reads with.
   *
   * @throws IllegalArgumentException if the mapper limits the document length or token count,
   *     which cannot be checked at append: PostgreSQL returns JSON longer than it was written
   */
  public static JsonLimits readLimits(ObjectMapper mapper) {
    StreamReadConstraints read = mapper.getFactory().streamReadConstraints();
    if (read.getMaxDocumentLength() > 0 || read.getMaxTokenCount() > 0) {
      throw new IllegalArgumentException("objectMapper's StreamReadConstraints limit the document"
          + " length or token count, which an append cannot check (PostgreSQL returns JSON with"
          + " spaces and numbers written out): remove maxDocumentLength and maxTokenCount, and"
          + " bound payloads with StoreLimits.maxEventBytes instead");
    }
    return new JsonLimits(read.getMaxNumberLength(), read.getMaxNameLength(),
        read.getMaxStringLength(), read.getMaxNestingDepth());
  }

  /** "$.lines[2].note": the JSON path of a Jackson failure, for messages. */
  public static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
      if (path.length() > 200) {
        return path.append("...").toString();
      }
    }
    return path.toString();
  }

  /** Refuses null {@code Optional} properties and writes doubles and floats in plain notation. */
  private static final class Modifier extends BeanSerializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonSerializer<?> modifySerializer(SerializationConfig config,
        BeanDescription description, JsonSerializer<?> serializer) {
      return PlainFloatingPoint2.wrap(serializer);
    }

    @Override
    public JsonSerializer<?> modifyArraySerializer(SerializationConfig config, ArrayType type,
        BeanDescription description, JsonSerializer<?> serializer) {
      return PlainFloatingPoint2.wrapArray(serializer);
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config,
        BeanDescription description, List<BeanPropertyWriter> properties) {
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
  private static final class NullOptional extends JsonSerializer<Object> {
    private final String property;

    NullOptional(String property) {
      this.property = property;
    }

    @Override
    public void serialize(Object value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      provider.reportMappingProblem("has a null Optional in property '" + property + "', which"
          + " reads back as Optional.empty(); use Optional.empty()");
    }
  }
}
