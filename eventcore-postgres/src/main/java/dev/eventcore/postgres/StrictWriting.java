package dev.eventcore.postgres;

import dev.eventcore.serialization.JsonLimits;
import java.math.BigDecimal;
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

/**
 * How the store writes payloads with the application's mapper, so that nothing changes on the way
 * through PostgreSQL: NaN and the infinities are written as the bare tokens they are (which the
 * encoded-payload check then refuses) instead of as strings that a number field would read back
 * but any other field would not; an {@code Optional} property that is {@code null} is refused
 * (it would read back as {@code Optional.empty()}); so is a {@code BigDecimal} with a negative
 * scale ({@code 1E+3} reads back as {@code 1000}); and the reader's limits are the mapper's own.
 */
final class StrictWriting {
  private StrictWriting() {}

  /** The writer for payloads: the application's mapper with the two rules above. */
  static ObjectWriter writer(JsonMapper mapper) {
    SimpleModule module = new SimpleModule("eventcore-strict-writing");
    module.setSerializerModifier(new RefuseNullOptionals());
    module.addSerializer(BigDecimal.class, new ExactDecimals());
    return mapper.rebuild().addModule(module).build().writer()
        .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
  }

  /** The limits the mapper reads with, so that appends are held to exactly them. */
  static JsonLimits readLimits(JsonMapper mapper) {
    StreamReadConstraints read = mapper.tokenStreamFactory().streamReadConstraints();
    return new JsonLimits(read.getMaxNumberLength(), read.getMaxNameLength(),
        read.getMaxStringLength(), read.getMaxNestingDepth());
  }

  /** "$.lines[2].note": the JSON path of a Jackson failure, for messages. */
  static String path(JacksonException e) {
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

  /** Gives each property of an {@code Optional} type a null serializer that refuses. */
  private static final class RefuseNullOptionals extends ValueSerializerModifier {
    private static final long serialVersionUID = 1L;

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

  /** Writes a BigDecimal as it is, refusing one with a negative scale (it would not read back). */
  private static final class ExactDecimals extends ValueSerializer<BigDecimal> {
    @Override
    public void serialize(BigDecimal value, JsonGenerator generator, SerializationContext context) {
      if (value.scale() < 0) {
        context.reportMappingProblem("has the BigDecimal " + value + " with a negative scale ("
            + value.scale() + "), which PostgreSQL returns in plain notation with scale 0, so it"
            + " would not read back equal; use value.setScale(0)");
      }
      generator.writeNumber(value);
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
