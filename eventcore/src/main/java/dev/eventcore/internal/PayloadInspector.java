package dev.eventcore.internal;

import dev.eventcore.internal.text.Text;
import dev.eventcore.serialization.JsonLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The check of a store that keeps payloads as objects (no codec): walks a payload the way a JSON
 * codec with default visibility writes it — record components, public getters and fields of other
 * classes, collections, maps, arrays, {@link Optional} — and holds it to the rules {@link
 * EncodedJson} applies to encoded JSON: no NUL or unpaired surrogate in text, finite numbers, no
 * negative zero, no {@code null} {@code Optional}, nothing over the {@link JsonLimits#defaults()
 * read limits}. It returns the size the JSON would have (exact for text, estimated for other
 * leaves).
 *
 * <p>The walk builds no strings on the happy path: the path to a bad value ({@code
 * $.lines[2].sku}) is assembled only while a failure unwinds. Not API.
 */
public final class PayloadInspector {
  private static final JsonLimits LIMITS = JsonLimits.defaults();

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
   * @throws IllegalArgumentException saying what is wrong where, e.g. {@code "has NaN ... at
   *     $.lines[2].price"}: prefix it with the payload's name
   */
  public static long sizeOf(Object payload) {
    try {
      long size = walk(payload, 0);
      UntypedSlots.checkPayload(payload);
      return size;
    } catch (JsonPathProblem problem) {
      throw problem.toException();
    }
  }

  /**
   * The bytes of {@code text} as a quoted JSON string in UTF-8, as codecs write it: {@code \n},
   * {@code \t}, {@code \r}, {@code \b}, {@code \f}, {@code \"} and {@code \\} take 2 bytes, other
   * control characters 6 (a {@code u00XX} escape), a character up to 3 and a surrogate pair 4.
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
        bytes += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 2 : 6;
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

  private static long walk(@Nullable Object value, int depth) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String) {
      return requireStorable((String) value, LIMITS.maxStringLength(), "string");
    }
    if (value instanceof Double || value instanceof Float) {
      requireFinite(((Number) value).doubleValue());
      return 12;
    }
    if (value instanceof BigDecimal) {
      return requireExactDecimal((BigDecimal) value);
    }
    if (value instanceof BigInteger) {
      return requireNumberLength(value.toString());
    }
    if (value instanceof Character) {
      // codecs write a char as a one-char JSON string: NUL or a lone surrogate cannot be stored
      return requireStorable(value.toString(), 1, "string");
    }
    if (value instanceof Number || value instanceof Boolean) {
      return 8;
    }
    if (value instanceof Enum || value instanceof UUID || value instanceof TemporalAccessor) {
      return 38;
    }
    if (value instanceof Optional) {
      Optional<?> optional = (Optional<?>) value;
      return optional.isPresent() ? walk(optional.get(), depth) : 4;
    }
    if (value instanceof OptionalDouble) {
      OptionalDouble optional = (OptionalDouble) value;
      return optional.isPresent() ? walk(optional.getAsDouble(), depth) : 4;
    }
    if (value instanceof CharSequence) {
      return requireStorable(value.toString(), LIMITS.maxStringLength(), "string");
    }
    if (value instanceof Collection) {
      requireDepth(depth + 1);
      long size = 1; // '[', then each element with its ',' or ']'
      int i = 0;
      for (Object element : (Collection<?>) value) {
        try {
          size += 1 + walk(element, depth + 1);
        } catch (JsonPathProblem problem) {
          throw problem.at("[" + i + "]");
        }
        i++;
      }
      return Math.max(2, size);
    }
    if (value instanceof Map) {
      return walkMap((Map<?, ?>) value, depth + 1);
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return PrimitiveArrays.isPrimitive(value)
          ? PrimitiveArrays.check(value)
          : walkArray((Object[]) value, depth + 1);
    }
    JsonProperties.Property[] properties = JsonProperties.of(type);
    if (properties != JsonProperties.LEAF) {
      return walkObject(value, properties, depth + 1);
    }
    return 16;
  }

  private static long walkMap(Map<?, ?> map, int depth) {
    requireDepth(depth);
    long size = 1; // '{', then each "key":value with its ',' or '}'
    requireDistinctKeys(map);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = entry.getKey().toString();
      try {
        size += 2 + requireStorable(key, Integer.MAX_VALUE, "object key");
        requireNameLength(key);
      } catch (JsonPathProblem problem) {
        throw problem.at(".<key>");
      }
      try {
        size += walk(entry.getValue(), depth);
      } catch (JsonPathProblem problem) {
        throw problem.at("." + (key.length() > 80 ? key.substring(0, 80) + "..." : key));
      }
    }
    return Math.max(2, size);
  }

  private static long walkObject(Object value, JsonProperties.Property[] properties, int depth) {
    requireDepth(depth);
    long size = 1; // '{', then each "name":value with its ',' or '}'
    for (JsonProperties.Property property : properties) {
      if (property.unreadable() != null) {
        throw new JsonPathProblem(property.unreadable()).at("." + property.name());
      }
      if (property.plain()) {
        // a number or boolean is always storable: size it as walk() would, without reading it
        size += property.name().length() + 4 + 8;
        continue;
      }
      Object component;
      try {
        component = property.read(value);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new JsonPathProblem("cannot be written: its getter threw " + e.getCause())
            .at("." + property.name());
      } catch (ReflectiveOperationException | RuntimeException e) {
        size += 16; // not accessible (a class in a closed module): left to the codec
        continue;
      }
      if (component == null && property.optional()) {
        throw new JsonPathProblem("has a null Optional, which reads back as Optional.empty();"
            + " use Optional.empty()").at("." + property.name());
      }
      try {
        size += property.name().length() + 4 + walk(component, depth);
        if (component != null && property.untyped() != UntypedSlots.Kind.NONE) {
          UntypedSlots.check(property.untyped(), component); // after what any store refuses
        }
      } catch (JsonPathProblem problem) {
        throw problem.at("." + property.name());
      }
    }
    return Math.max(2, size);
  }

  private static long walkArray(Object[] values, int depth) {
    requireDepth(depth);
    long size = 1;
    for (int i = 0; i < values.length; i++) {
      try {
        size += 1 + walk(values[i], depth);
      } catch (JsonPathProblem problem) {
        throw problem.at("[" + i + "]");
      }
    }
    return Math.max(2, size);
  }

  private static void requireDepth(int depth) {
    if (depth > LIMITS.maxNestingDepth()) {
      throw new JsonPathProblem("nests deeper than " + LIMITS.maxNestingDepth()
          + " levels of objects and arrays (the JSON read limit; a cycle?)");
    }
  }

  /** Checks text that is written as a JSON string of at most {@code maxLength} chars. */
  static long requireStorable(String text, int maxLength, String kind) {
    long bytes = textBytes(text, true);
    if (bytes < 0) {
      try {
        Text.requireStorable(text, "text");
      } catch (IllegalArgumentException e) {
        throw new JsonPathProblem("has " + e.getMessage());
      }
      throw new IllegalStateException("Text.requireStorable accepted text that isStorable rejects");
    }
    if (text.length() > maxLength) {
      throw new JsonPathProblem("has " + (kind.equals("object key") ? "an " : "a ") + kind
          + " of " + text.length() + " characters; readers accept at most " + maxLength
          + " (the JSON read limit)");
    }
    return bytes;
  }

  /** A BigDecimal reads back equal only in plain notation with a scale of at least 0. */
  private static long requireExactDecimal(BigDecimal value) {
    if (value.scale() < 0) {
      throw new JsonPathProblem(negativeScale(value));
    }
    return requireNumberLength(value.toPlainString());
  }

  private static String negativeScale(BigDecimal value) {
    return "has the BigDecimal " + value + " with a negative scale (" + value.scale() + "), which"
        + " PostgreSQL returns in plain notation with scale 0, so it would not read back equal;"
        + " use value.setScale(0)";
  }

  /** Checks the digits of a number in plain notation against the reader's limit. */
  private static long requireNumberLength(String number) {
    int digits = number.length() - (number.startsWith("-") ? 1 : 0)
        - (number.indexOf('.') >= 0 ? 1 : 0);
    if (digits > LIMITS.maxNumberLength()) {
      throw new JsonPathProblem("has a number of " + digits + " digits; readers accept at"
          + " most " + LIMITS.maxNumberLength() + " (the JSON read limit)");
    }
    return number.length();
  }

  /** Readers measure an object key in UTF-8 bytes. */
  private static void requireNameLength(String key) {
    if (key.length() * 3L > LIMITS.maxNameLength()) {
      long bytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > LIMITS.maxNameLength()) {
        throw new JsonPathProblem("has an object key of " + bytes + " bytes in UTF-8; readers"
            + " accept at most " + LIMITS.maxNameLength() + " (the JSON read limit)");
      }
    }
  }

  /** No null key, and no two keys written as the same text (keys other than strings may be). */
  private static void requireDistinctKeys(Map<?, ?> map) {
    boolean allText = true;
    for (Object key : map.keySet()) {
      if (key == null) {
        throw new JsonPathProblem("has a null map key, which JSON cannot hold").at(".<key>");
      }
      allText &= key instanceof String;
    }
    if (!allText) {
      Set<String> written = new HashSet<>();
      for (Object key : map.keySet()) {
        if (!written.add(key.toString())) {
          throw new JsonPathProblem("has two map keys written as '" + key + "'; JSON keeps only"
              + " one of them").at(".<key>");
        }
      }
    }
  }

  /** Rejects NaN, the infinities and negative zero, as {@link EncodedJson} does. */
  static void requireFinite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new JsonPathProblem("has " + d + "; JSON allows only finite numbers");
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      throw new JsonPathProblem(
          "has negative zero (-0.0), which PostgreSQL's jsonb reads back as 0; write 0");
    }
  }
}
