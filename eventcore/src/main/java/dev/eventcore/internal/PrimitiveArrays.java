package dev.eventcore.internal;

import dev.eventcore.serialization.JsonLimits;
import java.lang.reflect.Array;

/**
 * Arrays of primitives as JSON codecs write them: {@code byte[]} as one base64 string, {@code
 * char[]} as one string, the others as arrays of numbers or booleans. Not API.
 */
final class PrimitiveArrays {
  private PrimitiveArrays() {}

  static boolean isPrimitive(Object array) {
    return array.getClass().getComponentType().isPrimitive();
  }

  /** Checks an array of primitives and returns its JSON size. */
  static long check(Object array) {
    if (array instanceof byte[]) {
      return 2 + (((byte[]) array).length + 2L) / 3 * 4;
    }
    if (array instanceof char[]) {
      return PayloadInspector.requireStorable(
          new String((char[]) array), JsonLimits.defaults().maxStringLength(), "string");
    }
    if (array instanceof double[]) {
      double[] values = (double[]) array;
      for (int i = 0; i < values.length; i++) {
        requireFinite(values[i], i);
      }
      return 2 + 12L * values.length;
    }
    if (array instanceof float[]) {
      float[] values = (float[]) array;
      for (int i = 0; i < values.length; i++) {
        requireFinite(values[i], i);
      }
      return 2 + 12L * values.length;
    }
    return 2 + 8L * Array.getLength(array);
  }

  private static void requireFinite(double value, int index) {
    try {
      PayloadInspector.requireFinite(value);
    } catch (JsonPathProblem problem) {
      throw problem.at("[" + index + "]");
    }
  }
}
