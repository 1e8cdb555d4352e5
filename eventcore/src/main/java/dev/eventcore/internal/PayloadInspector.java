package dev.eventcore.internal;

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
 * opaque leaves. Both adapters run it, so bad payloads fail identically everywhere.
 *
 * <p>The walk builds no strings on the happy path: the path to a bad value ({@code $.lines[2].sku})
 * is assembled only while a failure unwinds. Not API.
 */
public final class PayloadInspector {
  private static final int MAX_DEPTH = 64;

  private static final Method[] NOT_A_RECORD = new Method[0];

  private static final Object[] NO_ARGUMENTS = new Object[0];

  private static final ClassValue<Method[]> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          if (!type.isRecord()) {
            return NOT_A_RECORD;
          }
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
   * @throws IllegalArgumentException naming {@code what} and the offending path if the payload
   *     cannot be stored
   */
  public static long inspect(Object payload, String what) {
    try {
      return sizeOf(payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " " + e.getMessage());
    }
  }

  /**
   * {@link #inspect(Object, String)} for callers that name the payload only when it is bad (no
   * message built on the happy path).
   *
   * @throws IllegalArgumentException saying what is wrong where, e.g. {@code "has NaN at
   *     $.lines[2].price"}: prefix it with the payload's name
   */
  public static long sizeOf(Object payload) {
    try {
      return walk(payload, 0);
    } catch (Problem problem) {
      throw new IllegalArgumentException(problem.describe());
    }
  }

  /**
   * The bytes of {@code text} as a quoted JSON string in UTF-8: what PostgreSQL measures, so that
   * both adapters apply the size limit alike (a character may take up to 3 bytes, an escaped
   * control character 6).
   */
  public static long jsonTextBytes(String text) {
    return textBytes(text, false);
  }

  /**
   * {@link #jsonTextBytes}, or -1 when {@code storableOnly} and the text has a NUL or an unpaired
   * surrogate (what {@link Text#isStorable} rejects): checking and sizing in one pass.
   */
  private static long textBytes(String text, boolean storableOnly) {
    long bytes = 2;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        if (c == 0 && storableOnly) {
          return -1;
        }
        bytes += 6;
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 4; // a pair
          i++;
        } else if (storableOnly) {
          return -1;
        } else {
          bytes += 2;
        }
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static long walk(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Problem("nests deeper than " + MAX_DEPTH + " levels (a cycle?)");
    }
    if (value == null) {
      return 4;
    }
    if (value instanceof String) {
      return requireStorable((String) value);
    }
    if (value instanceof Double || value instanceof Float) {
      requireFinite(((Number) value).doubleValue());
      return 12;
    }
    if (value instanceof Character) {
      // encoders write a char as a one-char JSON string: NUL or a lone surrogate cannot be stored
      return requireStorable(value.toString());
    }
    if (value instanceof Number || value instanceof Boolean) {
      return 8;
    }
    if (value instanceof Enum || value instanceof UUID || value instanceof TemporalAccessor) {
      return 38;
    }
    if (value instanceof Optional) {
      Optional<?> optional = (Optional<?>) value;
      return optional.isPresent() ? walk(optional.get(), depth + 1) : 4;
    }
    if (value instanceof Collection) {
      long size = 2;
      int i = 0;
      for (Object element : (Collection<?>) value) {
        try {
          size += 1 + walk(element, depth + 1);
        } catch (Problem problem) {
          throw problem.at("[" + i + "]");
        }
        i++;
      }
      return size;
    }
    if (value instanceof Map) {
      return walkMap((Map<?, ?>) value, depth);
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return walkArray(value, depth);
    }
    Method[] accessors = ACCESSORS.get(type);
    if (accessors != NOT_A_RECORD) {
      return walkRecord(value, accessors, depth);
    }
    return 16;
  }

  private static long walkMap(Map<?, ?> map, int depth) {
    long size = 2;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      try {
        size += 2 + walk(key, depth + 1);
      } catch (Problem problem) {
        throw problem.at(".<key>");
      }
      try {
        size += walk(entry.getValue(), depth + 1);
      } catch (Problem problem) {
        throw problem.at("." + key);
      }
    }
    return size;
  }

  private static long walkRecord(Object value, Method[] accessors, int depth) {
    long size = 2;
    for (Method accessor : accessors) {
      if (isPlainPrimitive(accessor.getReturnType())) {
        // a number or boolean is always storable: size it as walk() would, without boxing it
        size += accessor.getName().length() + 4 + 8;
        continue;
      }
      Object component;
      try {
        component = accessor.invoke(value, NO_ARGUMENTS);
      } catch (ReflectiveOperationException | RuntimeException e) {
        size += 16;
        continue;
      }
      try {
        size += accessor.getName().length() + 4 + walk(component, depth + 1);
      } catch (Problem problem) {
        throw problem.at("." + accessor.getName());
      }
    }
    return size;
  }

  /** A primitive that walk() sizes at 8 bytes and never rejects (not a char, double or float). */
  private static boolean isPlainPrimitive(Class<?> type) {
    return type.isPrimitive() && type != double.class && type != float.class && type != char.class;
  }

  private static long walkArray(Object array, int depth) {
    if (array instanceof byte[]) {
      return 2 + (((byte[]) array).length + 2L) / 3 * 4;
    }
    if (array instanceof double[]) {
      double[] values = (double[]) array;
      for (int i = 0; i < values.length; i++) {
        try {
          requireFinite(values[i]);
        } catch (Problem problem) {
          throw problem.at("[" + i + "]");
        }
      }
      return 2 + 12L * values.length;
    }
    if (array instanceof float[]) {
      float[] values = (float[]) array;
      for (int i = 0; i < values.length; i++) {
        try {
          requireFinite(values[i]);
        } catch (Problem problem) {
          throw problem.at("[" + i + "]");
        }
      }
      return 2 + 12L * values.length;
    }
    if (array instanceof char[]) {
      // encoders write a char[] as one JSON string
      return requireStorable(new String((char[]) array));
    }
    if (array.getClass().getComponentType().isPrimitive()) {
      return 2 + 8L * java.lang.reflect.Array.getLength(array);
    }
    Object[] values = (Object[]) array;
    long size = 2;
    for (int i = 0; i < values.length; i++) {
      try {
        size += 1 + walk(values[i], depth + 1);
      } catch (Problem problem) {
        throw problem.at("[" + i + "]");
      }
    }
    return size;
  }

  private static long requireStorable(String text) {
    long bytes = textBytes(text, true);
    if (bytes < 0) {
      try {
        Text.requireStorable(text, "text");
      } catch (IllegalArgumentException e) {
        throw new Problem("has " + e.getMessage());
      }
      throw new IllegalStateException("Text.requireStorable accepted text that isStorable rejects");
    }
    return bytes;
  }

  private static void requireFinite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Problem("has " + d + "; JSON allows only finite numbers");
    }
  }

  /** A bad value, carrying the path to it as the failure unwinds. */
  private static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String detail;
    private String path = "";

    Problem(String detail) {
      super(detail, null, false, false);
      this.detail = detail;
    }

    Problem at(String segment) {
      path = segment + path;
      return this;
    }

    String describe() {
      return detail + " at $" + path;
    }
  }
}
