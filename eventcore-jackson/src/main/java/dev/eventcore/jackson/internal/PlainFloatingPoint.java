package dev.eventcore.jackson.internal;

import java.math.BigDecimal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Wraps Jackson's standard double and float serializers to write finite values in plain notation
 * with at least one fraction digit ({@code 1.0E7} as {@code 10000000.0}). PostgreSQL's jsonb
 * returns numbers in plain notation and drops an exponent's fraction, so {@code 1.0E7} would read
 * back as {@code 10000000}, an integer in an untyped field. NaN, the infinities and zeros are left
 * to the standard serializer (NaN is then refused, negative zero too). A serializer the
 * application configured, or a string shape, is left alone. With type information (a {@code
 * JsonTypeInfo} property, default typing) the type id is written as Jackson writes it.
 */
final class PlainFloatingPoint extends ValueSerializer<Object> {
  private final ValueSerializer<Object> standard;

  private PlainFloatingPoint(ValueSerializer<Object> standard) {
    this.standard = standard;
  }

  /** {@code serializer} wrapped if it is Jackson's own double or float serializer. */
  @SuppressWarnings("unchecked")
  static ValueSerializer<?> wrap(ValueSerializer<?> serializer) {
    return isJacksons(serializer, "NumberSerializers")
        ? new PlainFloatingPoint((ValueSerializer<Object>) serializer) : serializer;
  }

  /** Whether {@code serializer} is Jackson's own for doubles or floats (or arrays of them). */
  private static boolean isJacksons(ValueSerializer<?> serializer, String holder) {
    String prefix = "tools.jackson.databind.ser.jdk." + holder + "$";
    String name = serializer.getClass().getName();
    return name.equals(prefix + "DoubleSerializer") || name.equals(prefix + "FloatSerializer")
        || name.equals(prefix + "DoubleArraySerializer")
        || name.equals(prefix + "FloatArraySerializer");
  }

  @Override
  public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
    ValueSerializer<?> contextual = standard.createContextual(context, property);
    return contextual == standard ? this : wrap(contextual);
  }

  @Override
  public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
    if (javaWritesPlain(((Number) value).doubleValue())) {
      standard.serialize(value, generator, context);
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
      SerializationContext context, TypeSerializer typeSerializer) {
    if (javaWritesPlain(((Number) value).doubleValue())) {
      standard.serializeWithType(value, generator, context, typeSerializer);
    } else if (value instanceof Double) {
      generator.writeNumber(plain(value));
    } else {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator, context,
          typeSerializer.typeId(value, JsonToken.VALUE_NUMBER_FLOAT));
      generator.writeNumber(plain(value));
      typeSerializer.writeTypeSuffix(generator, context, typeId);
    }
  }

  /**
   * Whether Java's own text of {@code value} has no exponent already: zero, NaN, the infinities
   * and magnitudes from 10^-3 to below 10^7.
   */
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

  /** Wraps Jackson's own {@code double[]} and {@code float[]} serializers alike. */
  @SuppressWarnings("unchecked")
  static ValueSerializer<?> wrapArray(ValueSerializer<?> serializer) {
    return isJacksons(serializer, "JDKArraySerializers")
        ? new Arrays((ValueSerializer<Object>) serializer) : serializer;
  }

  /** A {@code double[]} or {@code float[]}, each element as {@link PlainFloatingPoint} writes it. */
  private static final class Arrays extends ValueSerializer<Object> {
    private final ValueSerializer<Object> standard;

    Arrays(ValueSerializer<Object> standard) {
      this.standard = standard;
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
      ValueSerializer<?> contextual = standard.createContextual(context, property);
      return contextual == standard ? this : wrapArray(contextual);
    }

    @Override
    public void serialize(Object array, JsonGenerator generator, SerializationContext context) {
      generator.writeStartArray(array, java.lang.reflect.Array.getLength(array));
      writeElements(array, generator);
      generator.writeEndArray();
    }

    /** With type information: the type id as Jackson writes an array's, the elements as above. */
    @Override
    public void serializeWithType(Object array, JsonGenerator generator,
        SerializationContext context, TypeSerializer typeSerializer) {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator, context,
          typeSerializer.typeId(array, JsonToken.START_ARRAY));
      generator.assignCurrentValue(array);
      writeElements(array, generator);
      typeSerializer.writeTypeSuffix(generator, context, typeId);
    }

    private static void writeElements(Object array, JsonGenerator generator) {
      int length = java.lang.reflect.Array.getLength(array);
      for (int i = 0; i < length; i++) {
        Object element = java.lang.reflect.Array.get(array, i);
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
