package dev.eventcore.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Walks a payload the way a JSON encoder would, to reject what no adapter can store (NUL and
 * unpaired surrogates in text, NaN and infinities, cycles) and to estimate its encoded size. It
 * follows record components, collections, maps, arrays and {@link Optional}; other objects count as
 * opaque leaves. Both adapters run it, so bad payloads fail identically everywhere. Not API.
 */
public final class PayloadInspector {
  private static final int MAX_DEPTH = 64;

  private static final ClassValue<Method[]> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          Method[] accessors = new Method[components.length];
          for (int i = 0; i < components.length; i++) {
            Method accessor = components[i].getAccessor();
            try {
              accessor.setAccessible(true);
            } catch (RuntimeException inaccessible) {
              // left as is: invoke() fails below and the component counts as opaque
            }
            accessors[i] = accessor;
          }
          return accessors;
        }
      };

  private PayloadInspector() {}

  /**
   * Checks {@code payload} and returns its estimated JSON size in bytes.
   *
   * @param what names the payload in messages, e.g. "payload of event 2 (OrderPlaced)"
   * @throws IllegalArgumentException naming the offending path if the payload cannot be stored
   */
  public static long inspect(Object payload, String what) {
    return walk(payload, what, "$", 0);
  }

  /**
   * The bytes of {@code text} as a quoted JSON string in UTF-8: what PostgreSQL measures, so that
   * both adapters apply the size limit alike (a character may take up to 3 bytes, an escaped
   * control character 6).
   */
  public static long jsonTextBytes(String text) {
    long bytes = 2;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        bytes += 6;
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes in all
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static long walk(Object value, String what, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          what + " nests deeper than " + MAX_DEPTH + " levels at " + path + " (a cycle?)");
    }
    if (value == null) {
      return 4;
    }
    if (value instanceof String) {
      String text = (String) value;
      if (!Text.isStorable(text)) {
        Text.requireStorable(text, what + " at " + path);
      }
      return jsonTextBytes(text);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            what + " has " + d + " at " + path + "; JSON allows only finite numbers");
      }
      return 12;
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
      return 8;
    }
    if (value instanceof Enum || value instanceof UUID || value instanceof TemporalAccessor) {
      return 38;
    }
    if (value instanceof Optional) {
      Optional<?> optional = (Optional<?>) value;
      return optional.isPresent() ? walk(optional.get(), what, path, depth + 1) : 4;
    }
    if (value instanceof Collection) {
      long size = 2;
      int i = 0;
      for (Object element : (Collection<?>) value) {
        size += 1 + walk(element, what, path + "[" + i++ + "]", depth + 1);
      }
      return size;
    }
    if (value instanceof Map) {
      long size = 2;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        String key = String.valueOf(entry.getKey());
        size += 2 + walk(key, what, path + ".<key>", depth + 1);
        size += walk(entry.getValue(), what, path + "." + key, depth + 1);
      }
      return size;
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      if (type.getComponentType().isPrimitive()) {
        return walkPrimitiveArray(value, what, path);
      }
      long size = 2;
      Object[] array = (Object[]) value;
      for (int i = 0; i < array.length; i++) {
        size += 1 + walk(array[i], what, path + "[" + i + "]", depth + 1);
      }
      return size;
    }
    if (type.isRecord()) {
      long size = 2;
      for (Method accessor : ACCESSORS.get(type)) {
        Object component;
        try {
          component = accessor.invoke(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
          size += 16;
          continue;
        }
        String name = accessor.getName();
        size += name.length() + 4 + walk(component, what, path + "." + name, depth + 1);
      }
      return size;
    }
    return 16;
  }

  private static long walkPrimitiveArray(Object array, String what, String path) {
    int length = Array.getLength(array);
    Class<?> component = array.getClass().getComponentType();
    if (component == double.class || component == float.class) {
      for (int i = 0; i < length; i++) {
        double d = ((Number) Array.get(array, i)).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new IllegalArgumentException(
              what + " has " + d + " at " + path + "[" + i + "]; JSON allows only finite numbers");
        }
      }
    }
    if (component == byte.class) {
      return 2 + (length + 2L) / 3 * 4;
    }
    return 2 + 8L * length;
  }
}
