package dev.eventcore.internal;

import dev.eventcore.serialization.JsonLimits;
import java.util.Set;

/**
 * Checks JSON exactly as a codec wrote it (UTF-8 bytes), so that a store accepts only what it can
 * store and read back unchanged: well-formed JSON (RFC 8259, so no {@code NaN} or {@code
 * Infinity}), valid UTF-8, no escaped NUL (U+0000) and no unpaired surrogate (PostgreSQL's jsonb rejects
 * both), no negative zero (jsonb reads {@code -0.0} back as {@code 0}), and nothing over the
 * reader's {@link JsonLimits}. One pass, no allocation on the happy path. Not API.
 */
public final class EncodedJson {
  private final byte[] json;
  private final int end;
  private final JsonLimits limits;
  private int at;
  /** The UTF-8 bytes of the last string read, its escapes decoded (what a reader measures). */
  private int stringBytes;
  /** The UTF-8 bytes of the last escape read that stands for one char. */
  private int escapedBytes;
  /** The keys of the objects being read, to refuse a key twice in one object. */
  private final JsonKeys keys;

  private EncodedJson(byte[] json, int end, JsonLimits limits) {
    this.json = json;
    this.end = end;
    this.keys = new JsonKeys(json);
    this.limits = limits;
  }

  /**
   * Checks {@code json}.
   *
   * @throws IllegalArgumentException saying what is wrong where, e.g. {@code "has NaN at
   *     $.lines[2].price; ..."}: prefix it with the payload's name
   */
  public static void check(byte[] json, JsonLimits limits) {
    check(json, json.length, limits);
  }

  /** {@link #check(byte[], JsonLimits)} of the first {@code length} bytes of {@code json}. */
  public static void check(byte[] json, int length, JsonLimits limits) {
    if (length < 0 || length > json.length) {
      throw new IllegalArgumentException(
          "length must be 0.." + json.length + " but was " + length);
    }
    EncodedJson reader = new EncodedJson(json, length, limits);
    try {
      reader.skipWhitespace();
      if (reader.at < length && json[reader.at] == 'n') {
        throw new JsonPathProblem("is JSON null, which reads back as no event at all");
      }
      reader.value(0);
      reader.skipWhitespace();
      if (reader.at != length) {
        throw reader.malformed("text after the JSON value");
      }
    } catch (JsonPathProblem problem) {
      throw problem.toException();
    }
  }

  private void value(int depth) {
    skipWhitespace();
    if (at >= end) {
      throw malformed("the JSON ends early");
    }
    byte b = json[at];
    if (b == '{') {
      object(depth + 1);
    } else if (b == '[') {
      array(depth + 1);
    } else if (b == '"') {
      int length = string();
      if (length > limits.maxStringLength()) {
        throw new JsonPathProblem("has a string of " + length + " characters; readers accept at"
            + " most " + limits.maxStringLength() + " (the JSON read limit)");
      }
    } else if (b == '-' || (b >= '0' && b <= '9')) {
      number();
    } else if (b == 't') {
      literal("true");
    } else if (b == 'f') {
      literal("false");
    } else if (b == 'n') {
      literal("null");
    } else if (b == 'N' || b == 'I') {
      throw notFinite();
    } else {
      throw malformed("an unexpected character");
    }
  }

  private void object(int depth) {
    requireDepth(depth);
    at++;
    skipWhitespace();
    if (at < end && json[at] == '}') {
      at++;
      return;
    }
    int firstKey = keys.mark();
    try {
      members(depth, firstKey);
    } finally {
      keys.reset(firstKey);
    }
  }

  /** The members of an object, whose keys are pushed on the key stack from {@code firstKey}. */
  private void members(int depth, int firstKey) {
    Set<String> seen = null; // past 16 keys, a set instead of comparing each key with all others
    while (true) {
      skipWhitespace();
      if (at >= end || json[at] != '"') {
        throw malformed("an object key is missing");
      }
      int keyStart = at + 1;
      try {
        string();
      } catch (JsonPathProblem problem) {
        throw problem.at(".<key>");
      }
      int keyEnd = at - 1;
      if (stringBytes > limits.maxNameLength()) {
        throw new JsonPathProblem("has an object key of " + stringBytes + " bytes in UTF-8;"
            + " readers accept at most " + limits.maxNameLength() + " (the JSON read limit)")
            .at(".<key>");
      }
      seen = keys.requireNew(firstKey, keyStart, keyEnd, seen);
      skipWhitespace();
      if (at >= end || json[at] != ':') {
        throw malformed("':' is missing after an object key");
      }
      at++;
      try {
        value(depth);
      } catch (JsonPathProblem problem) {
        throw problem.at("." + JsonKeys.text(json, keyStart, keyEnd));
      }
      skipWhitespace();
      if (at < end && json[at] == ',') {
        at++;
      } else if (at < end && json[at] == '}') {
        at++;
        return;
      } else {
        throw malformed("',' or '}' is missing in an object");
      }
    }
  }

  private void array(int depth) {
    requireDepth(depth);
    at++;
    skipWhitespace();
    if (at < end && json[at] == ']') {
      at++;
      return;
    }
    for (int index = 0; ; index++) {
      try {
        value(depth);
      } catch (JsonPathProblem problem) {
        throw problem.at("[" + index + "]");
      }
      skipWhitespace();
      if (at < end && json[at] == ',') {
        at++;
      } else if (at < end && json[at] == ']') {
        at++;
        return;
      } else {
        throw malformed("',' or ']' is missing in an array");
      }
    }
  }

  private void requireDepth(int depth) {
    if (depth > limits.maxNestingDepth()) {
      throw new JsonPathProblem("nests deeper than " + limits.maxNestingDepth()
          + " levels of objects and arrays (the JSON read limit; a cycle?)");
    }
  }

  /** Reads a string from its opening quote to after its closing one; returns its length in chars. */
  private int string() {
    at++;
    int chars = 0;
    int bytes = 0;
    while (true) {
      if (at >= end) {
        throw malformed("a string is not closed");
      }
      int b = json[at] & 0xff;
      if (b == '"') {
        at++;
        stringBytes = bytes;
        return chars;
      }
      if (b == '\\') {
        int units = escape();
        chars += units;
        bytes += units == 2 ? 4 : escapedBytes;
      } else if (b < 0x20) {
        throw malformed("an unescaped control character in a string");
      } else if (b < 0x80) {
        at++;
        chars++;
        bytes++;
      } else {
        int start = at;
        chars += utf8Sequence(b);
        bytes += at - start;
      }
    }
  }

  /** Reads an escape at {@code at}; returns the chars it stands for. */
  private int escape() {
    if (at + 1 >= end) {
      throw malformed("a string is not closed");
    }
    byte kind = json[at + 1];
    if (kind != 'u') {
      if (kind != '"' && kind != '\\' && kind != '/' && kind != 'b' && kind != 'f'
          && kind != 'n' && kind != 'r' && kind != 't') {
        throw malformed("an invalid escape in a string");
      }
      at += 2;
      escapedBytes = 1;
      return 1;
    }
    int unit = hex4(at + 2);
    escapedBytes = unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    at += 6;
    if (unit == 0) {
      throw new JsonPathProblem(
          "has the NUL character (U+0000), which PostgreSQL cannot store in JSON");
    }
    if (Character.isLowSurrogate((char) unit)) {
      throw loneSurrogate(unit);
    }
    if (Character.isHighSurrogate((char) unit)) {
      if (at + 5 < end && json[at] == '\\' && json[at + 1] == 'u'
          && Character.isLowSurrogate((char) hex4(at + 2))) {
        at += 6;
        return 2;
      }
      throw loneSurrogate(unit);
    }
    return 1;
  }

  private int hex4(int from) {
    if (from + 4 > end) {
      throw malformed("a \\u escape is cut short");
    }
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int digit = Character.digit(json[i], 16);
      if (digit < 0) {
        throw malformed("a \\u escape has a non-hex digit");
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** Reads a multi-byte UTF-8 sequence whose lead byte is {@code lead}; returns its chars. */
  private int utf8Sequence(int lead) {
    int continuation;
    int low = 0x80;
    int high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuation = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead == 0xe0) {
        low = 0xa0;
      } else if (lead == 0xed) {
        high = 0x9f; // above are encoded surrogates
        if (at + 1 < end && (json[at + 1] & 0xff) > 0x9f) {
          throw new JsonPathProblem("has an unpaired surrogate encoded in its UTF-8");
        }
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead == 0xf0) {
        low = 0x90;
      } else if (lead == 0xf4) {
        high = 0x8f;
      }
    } else {
      throw new JsonPathProblem("has bytes that are not UTF-8");
    }
    if (at + continuation >= end) {
      throw new JsonPathProblem("has bytes that are not UTF-8 (a sequence is cut short)");
    }
    for (int i = 1; i <= continuation; i++) {
      int b = json[at + i] & 0xff;
      if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xbf)) {
        throw new JsonPathProblem("has bytes that are not UTF-8");
      }
    }
    at += continuation + 1;
    return continuation == 3 ? 2 : 1;
  }

  private void number() {
    at = JsonNumber.scan(json, at, end, limits);
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (at + i >= end || json[at + i] != word.charAt(i)) {
        throw malformed("an unexpected character");
      }
    }
    at += word.length();
  }

  private void skipWhitespace() {
    while (at < end) {
      byte b = json[at];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      at++;
    }
  }


  private JsonPathProblem notFinite() {
    return new JsonPathProblem("has NaN or an infinity; JSON allows only finite numbers");
  }

  private static JsonPathProblem loneSurrogate(int unit) {
    return new JsonPathProblem(
        "has an unpaired surrogate (U+" + String.format("%04X", unit) + ")");
  }

  private JsonPathProblem malformed(String what) {
    return new JsonPathProblem("is not valid JSON: " + what + " at byte " + at);
  }
}
