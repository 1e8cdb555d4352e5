package dev.eventcore.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Values under a property declared {@code Object} (alone, or as the elements of a list or array or
 * the values of a map): a JSON codec reads them back as JSON's own types, strings, booleans,
 * {@code Integer} (or {@code Long} past an int), {@code Double}, lists and maps of strings. Any
 * other value there would read back as a different one (a {@code Long} 5 as an {@code Integer}, a
 * record as a map, a set as a list), so a store that keeps objects as given refuses it, as an
 * encoding store does when it reads the payload back. Not API.
 */
final class UntypedSlots {
  /** Where in a property's value the untyped values are. */
  enum Kind {
    /** A typed property: nothing to check here. */
    NONE,
    /** The value itself is untyped. */
    VALUE,
    /** The elements of a collection or array are. */
    ELEMENTS,
    /** The values of a map are. */
    MAP_VALUES
  }

  /** Where a payload that is itself a map holds values declared {@code Object}. */
  private static final ClassValue<Kind> ROOT_MAPS = new ClassValue<>() {
    @Override
    protected Kind computeValue(Class<?> type) {
      return ofMapClass(type);
    }
  };

  private UntypedSlots() {}

  /** Checks a payload that is itself a map whose values are declared {@code Object}. */
  static void checkPayload(Object payload) {
    if (payload instanceof Map) {
      check(ROOT_MAPS.get(payload.getClass()), payload);
    }
  }

  /** Where the untyped values are in a property declared {@code type}. */
  static Kind of(Type type) {
    if (type == Object.class || type instanceof TypeVariable<?>) {
      return type == Object.class ? Kind.VALUE : Kind.NONE; // a type variable: left to the codec
    }
    if (type instanceof Class<?> raw) {
      return raw.isArray() && raw.getComponentType() == Object.class ? Kind.ELEMENTS : Kind.NONE;
    }
    if (type instanceof GenericArrayType) {
      return Kind.NONE;
    }
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw) {
      Type[] arguments = parameterized.getActualTypeArguments();
      if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
        return isObject(arguments[1]) ? Kind.MAP_VALUES : Kind.NONE;
      }
      if (Collection.class.isAssignableFrom(raw) && arguments.length == 1) {
        return isObject(arguments[0]) ? Kind.ELEMENTS : Kind.NONE;
      }
    }
    return Kind.NONE;
  }

  /** Where the untyped values are in a payload of class {@code type} that is itself a map. */
  private static Kind ofMapClass(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Type parent = c.getGenericSuperclass();
      if (parent instanceof ParameterizedType parameterized
          && parameterized.getRawType() instanceof Class<?> raw
          && Map.class.isAssignableFrom(raw)) {
        return of(parent);
      }
    }
    return Kind.NONE; // a raw map class: its values' types are not declared
  }

  private static boolean isObject(Type argument) {
    if (argument instanceof WildcardType wildcard) {
      return wildcard.getLowerBounds().length == 0 && wildcard.getUpperBounds().length == 1
          && wildcard.getUpperBounds()[0] == Object.class;
    }
    return argument == Object.class;
  }

  /** Checks the untyped values of {@code value}, a property's non-null value of kind {@code kind}. */
  static void check(Kind kind, Object value) {
    switch (kind) {
      case VALUE -> natural(value);
      case ELEMENTS -> {
        if (value instanceof Collection<?> collection) {
          elements(collection);
        } else if (value instanceof Object[] array) {
          elements(List.of(array));
        }
      }
      case MAP_VALUES -> {
        if (value instanceof Map<?, ?> map) {
          values(map);
        }
      }
      case NONE -> { }
    }
  }

  private static void natural(Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Double) {
      return;
    }
    if (value instanceof Long number) {
      if (number == number.intValue()) {
        throw unlike(value, "an Integer");
      }
      return;
    }
    if (value instanceof BigInteger number) {
      if (number.bitLength() < 64) {
        throw unlike(value, "an Integer or a Long");
      }
      return;
    }
    if (value instanceof List<?> list) {
      elements(list);
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!(key instanceof String)) {
          throw unlike(key, "a String key").at(".<key>");
        }
      }
      values(map);
      return;
    }
    throw unlike(value, value instanceof Number ? "an Integer, a Long or a Double"
        : value instanceof Collection<?> || value.getClass().isArray() ? "a list"
        : value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>
            ? "a String" : "a map or a String");
  }

  private static void elements(Collection<?> elements) {
    int i = 0;
    for (Object element : elements) {
      if (element != null) {
        try {
          natural(element);
        } catch (JsonPathProblem problem) {
          throw problem.at("[" + i + "]");
        }
      }
      i++;
    }
  }

  private static void values(Map<?, ?> map) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (entry.getValue() != null) {
        try {
          natural(entry.getValue());
        } catch (JsonPathProblem problem) {
          String key = String.valueOf(entry.getKey());
          throw problem.at("." + (key.length() > 80 ? key.substring(0, 80) + "..." : key));
        }
      }
    }
  }

  private static JsonPathProblem unlike(Object value, String readAs) {
    return new JsonPathProblem("holds a " + value.getClass().getName() + " where the type is"
        + " declared Object, which a JSON codec reads back as " + readAs + ", not equal; declare"
        + " the type it holds");
  }
}
