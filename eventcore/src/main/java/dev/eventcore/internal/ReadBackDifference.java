package dev.eventcore.internal;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a payload read back from its encoded bytes differs from the payload written, if anywhere:
 * the check behind "what a store accepts, it reads back equal". Values are compared as a codec
 * sees them, not by their own {@code equals} alone: arrays by their elements, lists and maps
 * entry by entry, objects property by property ({@link JsonProperties}) where their {@code equals}
 * is identity, and the class of every value, so that a {@code Long} read back as an {@code
 * Integer}, a record read back as a map or a date read back at another offset counts as a
 * difference. Not API.
 */
public final class ReadBackDifference {
  private static final int MAX_DEPTH = 1_000;

  private ReadBackDifference() {}

  /**
   * Where and how {@code read} differs from {@code written}, as "at $.lines[2].price: written as
   * java.lang.Long 5, read back as java.lang.Integer 5"; empty when they are equal.
   */
  public static Optional<String> of(Object written, Object read) {
    if (written.getClass() == read.getClass() && written.equals(read)) {
      return Optional.empty();
    }
    try {
      compare(written, read, 0);
      return Optional.empty();
    } catch (JsonPathProblem problem) {
      return Optional.of(problem.describe());
    }
  }

  private static void compare(@Nullable Object written, @Nullable Object read, int depth) {
    if (written == read || depth > MAX_DEPTH) {
      return; // the same, or deeper than any reader accepts (refused before this)
    }
    if (written == null || read == null
        || (written.getClass() != read.getClass() && !sameKind(written, read))) {
      throw differs(written, read);
    }
    if (written.getClass().isArray()) {
      compareArrays(written, read, depth);
    } else if (written instanceof List<?> list) {
      compareLists(list, (List<?>) read, depth);
    } else if (written instanceof Map<?, ?> map) {
      compareMaps(map, (Map<?, ?>) read, depth);
    } else if (!written.equals(read)) {
      JsonProperties.Property[] properties = JsonProperties.of(written.getClass());
      if (properties == JsonProperties.LEAF || written.getClass() != read.getClass()) {
        throw differs(written, read);
      }
      for (JsonProperties.Property property : properties) {
        compareProperty(property, written, read, depth);
      }
    }
  }

  /** Lists and maps of other classes, sets compared by their own equals: a codec picks the class. */
  private static boolean sameKind(Object written, Object read) {
    return (written instanceof List && read instanceof List)
        || (written instanceof Map && read instanceof Map)
        || (written instanceof java.util.Set && read instanceof java.util.Set
            && written.equals(read));
  }

  private static void compareProperty(
      JsonProperties.Property property, Object written, Object read, int depth) {
    Object left;
    Object right;
    try {
      left = property.read(written);
      right = property.read(read);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return; // not readable here (a closed module, a throwing getter): the codec judged it
    }
    try {
      compare(left, right, depth + 1);
    } catch (JsonPathProblem problem) {
      throw problem.at("." + property.name());
    }
  }

  private static void compareArrays(Object written, Object read, int depth) {
    int length = Array.getLength(written);
    if (Array.getLength(read) != length) {
      throw differs(written, read);
    }
    if (written.getClass().getComponentType().isPrimitive()) {
      if (!Objects.deepEquals(written, read)) {
        throw differs(written, read);
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      try {
        compare(Array.get(written, i), Array.get(read, i), depth + 1);
      } catch (JsonPathProblem problem) {
        throw problem.at("[" + i + "]");
      }
    }
  }

  private static void compareLists(List<?> written, List<?> read, int depth) {
    if (written.size() != read.size()) {
      throw differs(written, read);
    }
    Iterator<?> right = read.iterator();
    int i = 0;
    for (Object left : written) {
      try {
        compare(left, right.next(), depth + 1);
      } catch (JsonPathProblem problem) {
        throw problem.at("[" + i + "]");
      }
      i++;
    }
  }

  private static void compareMaps(Map<?, ?> written, Map<?, ?> read, int depth) {
    if (written.size() != read.size()) {
      throw differs(written, read);
    }
    for (Map.Entry<?, ?> entry : written.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!read.containsKey(entry.getKey())) {
        throw new JsonPathProblem("written with key " + describe(entry.getKey())
            + ", which reads back as another key or none").at("." + shorten(key));
      }
      try {
        compare(entry.getValue(), read.get(entry.getKey()), depth + 1);
      } catch (JsonPathProblem problem) {
        throw problem.at("." + shorten(key));
      }
    }
  }

  private static JsonPathProblem differs(@Nullable Object written, @Nullable Object read) {
    return new JsonPathProblem("written as " + describe(written) + ", read back as "
        + describe(read));
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.getClass().isArray() ? "an array of " + Array.getLength(value)
        : shorten(String.valueOf(value));
    return value.getClass().getName() + " " + text;
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
