package dev.eventcore.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether two payloads are the same JSON value, the way PostgreSQL compares {@code jsonb}: objects
 * with the same keys and equal values (in any order), arrays element by element, strings exactly,
 * numbers by numeric value ({@code 1.0} equals {@code 1.00}). A store that keeps payloads as objects
 * uses it to recognise an idempotent retry exactly as a store that keeps JSON does. Not API.
 */
public final class JsonEquality {
  private JsonEquality() {}

  /** Whether {@code a} and {@code b} would be written as equal JSON values. */
  public static boolean same(Object a, Object b) {
    return same(a, b, 0);
  }

  private static boolean same(@Nullable Object a, @Nullable Object b, int depth) {
    a = unwrap(a);
    b = unwrap(b);
    if (a == b) {
      return true;
    }
    if (a == null || b == null || depth > 1_000) {
      return false;
    }
    if (a instanceof Number && b instanceof Number) {
      return number(a).compareTo(number(b)) == 0;
    }
    if (isText(a) && isText(b)) {
      return text(a).equals(text(b));
    }
    if (a instanceof byte[] && b instanceof byte[]) {
      return Arrays.equals((byte[]) a, (byte[]) b);
    }
    List<?> listA = asList(a);
    List<?> listB = asList(b);
    if (listA != null && listB != null) {
      if (listA.size() != listB.size()) {
        return false;
      }
      for (int i = 0; i < listA.size(); i++) {
        if (!same(listA.get(i), listB.get(i), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    Map<String, Object> mapA = asObject(a);
    Map<String, Object> mapB = asObject(b);
    if (mapA != null && mapB != null) {
      if (mapA.size() != mapB.size()) {
        return false;
      }
      for (Map.Entry<String, Object> entry : mapA.entrySet()) {
        if (!mapB.containsKey(entry.getKey())
            || !same(entry.getValue(), mapB.get(entry.getKey()), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static @Nullable Object unwrap(@Nullable Object value) {
    return value instanceof Optional ? ((Optional<?>) value).orElse(null) : value;
  }

  private static BigDecimal number(Object value) {
    return value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
  }

  private static boolean isText(Object value) {
    return value instanceof CharSequence || value instanceof Character || value instanceof Enum
        || value instanceof char[];
  }

  private static String text(Object value) {
    if (value instanceof char[]) {
      return new String((char[]) value);
    }
    return value instanceof Enum ? ((Enum<?>) value).name() : value.toString();
  }

  /** The elements of a collection or a (non-byte, non-char) array; null for anything else. */
  private static @Nullable List<?> asList(Object value) {
    if (value instanceof List) {
      return (List<?>) value;
    }
    if (value instanceof Collection) {
      return new ArrayList<>((Collection<?>) value);
    }
    if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> elements = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        elements.add(Array.get(value, i));
      }
      return elements;
    }
    return null;
  }

  /** A map or an object with properties, keyed as JSON keys; null for a leaf. */
  private static @Nullable Map<String, Object> asObject(Object value) {
    Map<String, Object> object = new HashMap<>();
    if (value instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        object.put(String.valueOf(entry.getKey()), entry.getValue());
      }
      return object;
    }
    JsonProperties.Property[] properties = JsonProperties.of(value.getClass());
    if (properties == JsonProperties.LEAF) {
      return null;
    }
    for (JsonProperties.Property property : properties) {
      try {
        object.put(property.name(), property.read(value));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return object;
  }
}
