package dev.eventcore.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the JSON objects {@link EncodedJson} is reading, innermost last, so that a key
 * written twice in one object is refused: PostgreSQL's jsonb would keep only the last value.
 * Keys are compared in place (no string per key) until an object has 16, then through a set. Not
 * API.
 */
final class JsonKeys {
  private static final int SET_FROM = 16;

  private final byte[] json;
  private static final int[] NONE = {};

  private int[] starts = NONE; // allocated with the first key
  private int[] stops = NONE;
  private int count;

  JsonKeys(byte[] json) {
    this.json = json;
  }

  /** Where the keys of an object being started begin. */
  int mark() {
    return count;
  }

  /** Forgets the keys of the object that began at {@code mark}. */
  void reset(int mark) {
    count = mark;
  }

  /**
   * Refuses the key at {@code start..stop} if the object that began at {@code firstKey} has it
   * already, else records it.
   *
   * @param seen the object's keys once it has many, else null
   * @return the set to pass for the object's next key, null while it has few
   */
  @Nullable Set<String> requireNew(int firstKey, int start, int stop, @Nullable Set<String> seen) {
    if (seen != null) {
      if (!seen.add(decode(start, stop))) {
        throw duplicate(start, stop);
      }
      return seen;
    }
    for (int i = firstKey; i < count; i++) {
      if (Arrays.equals(json, start, stop, json, starts[i], stops[i])) {
        throw duplicate(start, stop);
      }
    }
    if (count - firstKey == SET_FROM) {
      Set<String> keys = new HashSet<>();
      for (int i = firstKey; i < count; i++) {
        keys.add(decode(starts[i], stops[i]));
      }
      keys.add(decode(start, stop));
      return keys;
    }
    if (count == starts.length) {
      int size = starts.length == 0 ? 8 : starts.length * 2;
      starts = Arrays.copyOf(starts, size);
      stops = Arrays.copyOf(stops, size);
    }
    starts[count] = start;
    stops[count] = stop;
    count++;
    return null;
  }

  /** A key as written (escapes kept), cut at 80 bytes, for a path segment or a message. */
  static String text(byte[] json, int start, int stop) {
    int length = Math.min(stop - start, 80);
    return new String(json, start, length, StandardCharsets.UTF_8)
        + (stop - start > 80 ? "..." : "");
  }

  private String decode(int start, int stop) {
    return new String(json, start, stop - start, StandardCharsets.UTF_8);
  }

  private JsonPathProblem duplicate(int start, int stop) {
    return new JsonPathProblem("has the key '" + text(json, start, stop) + "' twice in one object;"
        + " PostgreSQL's jsonb keeps only the last value");
  }
}
