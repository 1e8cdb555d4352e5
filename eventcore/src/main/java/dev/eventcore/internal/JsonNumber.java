package dev.eventcore.internal;

import dev.eventcore.serialization.JsonLimits;
import java.nio.charset.StandardCharsets;

/**
 * A JSON number as {@link EncodedJson} checks it: RFC 8259 grammar, no negative zero (jsonb has
 * none), no exponent above its fraction digits (jsonb returns numbers in plain notation, so a
 * {@code BigDecimal} such as {@code 1E+3} would come back as {@code 1000} with another scale), and
 * no more digits, written out as PostgreSQL returns it, than readers accept. Not API.
 */
final class JsonNumber {
  private JsonNumber() {}

  /**
   * Scans the number starting at {@code at}, in {@code json} up to {@code end}.
   *
   * @return the index just after it
   */
  static int scan(byte[] json, int at, int end, JsonLimits limits) {
    int start = at;
    boolean negative = json[at] == '-';
    if (negative) {
      at++;
      if (at < end && (json[at] == 'I' || json[at] == 'N')) {
        throw new JsonPathProblem("has NaN or an infinity; JSON allows only finite numbers");
      }
    }
    boolean nonZero = false;
    int digits = 0;
    int fraction = 0;
    long exponent = 0;
    if (at < end && json[at] == '0') {
      at++;
      digits++;
    } else {
      while (at < end && json[at] >= '0' && json[at] <= '9') {
        nonZero |= json[at] != '0';
        at++;
        digits++;
      }
    }
    if (digits == 0) {
      throw malformed(at, "a number has no digits");
    }
    if (at < end && json[at] == '.') {
      at++;
      while (at < end && json[at] >= '0' && json[at] <= '9') {
        nonZero |= json[at] != '0';
        at++;
        fraction++;
      }
      if (fraction == 0) {
        throw malformed(at, "a number has no digits after its '.'");
      }
    }
    if (at < end && (json[at] == 'e' || json[at] == 'E')) {
      at++;
      boolean negativeExponent = at < end && json[at] == '-';
      if (at < end && (json[at] == '+' || json[at] == '-')) {
        at++;
      }
      int exponentDigits = 0;
      while (at < end && json[at] >= '0' && json[at] <= '9') {
        exponent = Math.min(exponent * 10 + (json[at] - '0'), 1L << 40);
        at++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        throw malformed(at, "a number has no exponent digits");
      }
      exponent = negativeExponent ? -exponent : exponent;
    }
    if (negative && !nonZero) {
      throw new JsonPathProblem("has negative zero (" + new String(json, start, at - start,
          StandardCharsets.US_ASCII) + "), which PostgreSQL's jsonb reads back as 0; write 0");
    }
    if (exponent > fraction) {
      throw new JsonPathProblem("has the number " + new String(json, start, at - start,
          StandardCharsets.US_ASCII) + ", which PostgreSQL returns in plain notation without its"
          + " exponent: a BigDecimal with a negative scale would not read back equal; use"
          + " setScale(0)");
    }
    // PostgreSQL prints numbers in plain notation (1.5E-3 as 0.0015), and readers count the
    // digits of that text
    long length = Math.max(1, digits + exponent) + (fraction - exponent);
    if (length > limits.maxNumberLength()) {
      throw new JsonPathProblem("has a number of " + length + " digits (written out as"
          + " PostgreSQL returns it); readers accept at most " + limits.maxNumberLength()
          + " (the JSON read limit)");
    }
    return at;
  }

  private static JsonPathProblem malformed(int at, String what) {
    return new JsonPathProblem("is not valid JSON: " + what + " at byte " + at);
  }
}
