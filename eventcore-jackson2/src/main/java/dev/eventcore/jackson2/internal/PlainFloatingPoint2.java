package dev.eventcore.jackson2.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;

/**
 * Wraps Jackson 2's standard double and float serializers to write finite values in plain notation
 * with a fraction digit ({@code 1.0E7} as {@code 10000000.0}), as the Jackson 3 codec does:
 * PostgreSQL's jsonb would return {@code 1.0E7} as {@code 10000000}, an integer in an untyped
 * field. NaN, the infinities and zeros are left to the standard serializer. With type information
 * (a {@code JsonTypeInfo} property, default typing) the type id is written as Jackson writes it.
 * Not API.
 */
final class PlainFloatingPoint2 extends JsonSerializer<Object> implements ContextualSerializer {
  private final JsonSerializer<Object> standard;

  private PlainFloatingPoint2(JsonSerializer<Object> standard) {
    this.standard = standard;
  }

  @SuppressWarnings("unchecked")
  static JsonSerializer<?> wrap(JsonSerializer<?> serializer) {
    return isJacksons(serializer, "NumberSerializers")
        ? new PlainFloatingPoint2((JsonSerializer<Object>) serializer) : serializer;
  }

  @SuppressWarnings("unchecked")
  static JsonSerializer<?> wrapArray(JsonSerializer<?> serializer) {
    return isJacksons(serializer, "StdArraySerializers")
        ? new Arrays((JsonSerializer<Object>) serializer) : serializer;
  }

  private static boolean isJacksons(JsonSerializer<?> serializer, String holder) {
    String prefix = "com.fasterxml.jackson.databind.ser.std." + holder + "$";
    String name = serializer.getClass().getName();
    return name.equals(prefix + "DoubleSerializer") || name.equals(prefix + "FloatSerializer")
        || name.equals(prefix + "DoubleArraySerializer")
        || name.equals(prefix + "FloatArraySerializer");
  }

  private static JsonSerializer<?> contextual(JsonSerializer<Object> standard,
      SerializerProvider provider, BeanProperty property) throws JsonMappingException {
    return standard instanceof ContextualSerializer
        ? ((ContextualSerializer) standard).createContextual(provider, property) : standard;
  }

  @Override
  public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
      throws JsonMappingException {
    JsonSerializer<?> contextual = contextual(standard, provider, property);
    return contextual == standard ? this : wrap(contextual);
  }

  @Override
  public void serialize(Object value, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    if (javaWritesPlain(((Number) value).doubleValue())) {
      standard.serialize(value, generator, provider);
      return;
    }
    generator.writeNumber(plain(value));
  }

  /**
   * As Jackson's own serializer writes {@code value} with type information, but in plain notation:
   * a finite double without a type id (a JSON number's natural type), a float with one.
   */
  @Override
  public void serializeWithType(Object value, JsonGenerator generator,
      SerializerProvider provider, TypeSerializer typeSerializer) throws IOException {
    if (javaWritesPlain(((Number) value).doubleValue())) {
      standard.serializeWithType(value, generator, provider, typeSerializer);
    } else if (value instanceof Double) {
      generator.writeNumber(plain(value));
    } else {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator,
          typeSerializer.typeId(value, JsonToken.VALUE_NUMBER_FLOAT));
      generator.writeNumber(plain(value));
      typeSerializer.writeTypeSuffix(generator, typeId);
    }
  }

  /** Whether Java's own text of {@code value} has no exponent already. */
  static boolean javaWritesPlain(double value) {
    double magnitude = Math.abs(value);
    return (magnitude >= 1e-3 && magnitude < 1e7) || magnitude == 0 || Double.isNaN(magnitude)
        || Double.isInfinite(magnitude);
  }

  /** A finite, non-zero double or float in plain notation with a fraction digit. */
  static String plain(Object value) {
    BigDecimal exact = value instanceof Float
        ? new BigDecimal(value.toString()) : BigDecimal.valueOf(((Number) value).doubleValue());
    String plain = exact.toPlainString();
    return plain.indexOf('.') >= 0 ? plain : plain + ".0";
  }

  /** A {@code double[]} or {@code float[]}, each element as above. */
  private static final class Arrays extends JsonSerializer<Object> implements ContextualSerializer {
    private final JsonSerializer<Object> standard;

    Arrays(JsonSerializer<Object> standard) {
      this.standard = standard;
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      JsonSerializer<?> contextual = contextual(standard, provider, property);
      return contextual == standard ? this : wrapArray(contextual);
    }

    @Override
    public void serialize(Object array, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeStartArray(array, Array.getLength(array));
      writeElements(array, generator);
      generator.writeEndArray();
    }

    /** With type information: the type id as Jackson writes an array's, the elements as above. */
    @Override
    public void serializeWithType(Object array, JsonGenerator generator,
        SerializerProvider provider, TypeSerializer typeSerializer) throws IOException {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator,
          typeSerializer.typeId(array, JsonToken.START_ARRAY));
      generator.assignCurrentValue(array);
      writeElements(array, generator);
      typeSerializer.writeTypeSuffix(generator, typeId);
    }

    private static void writeElements(Object array, JsonGenerator generator) throws IOException {
      int length = Array.getLength(array);
      for (int i = 0; i < length; i++) {
        Object element = Array.get(array, i);
        if (!javaWritesPlain(((Number) element).doubleValue())) {
          generator.writeNumber(plain(element));
        } else if (element instanceof Float) {
          generator.writeNumber((Float) element);
        } else {
          generator.writeNumber((Double) element);
        }
      }
    }
  }
}
