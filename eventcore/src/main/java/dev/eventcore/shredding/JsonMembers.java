package dev.eventcore.shredding;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The members of a top-level JSON object as spans of its text, to replace some values without
 * parsing the rest. The text is a codec's output, so well-formed; what is not an object is
 * refused.
 */
final class JsonMembers {
  /** A member's value: {@code json.substring(start, end)}. */
  record Span(int start, int end) {}

  private final String json;
  private int at;

  private JsonMembers(String json) {
    this.json = json;
  }

  /**
   * The top-level members of {@code json} by key, in order.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  static Map<String, Span> of(String json) {
    JsonMembers reader = new JsonMembers(json);
    Map<String, Span> members = new LinkedHashMap<>();
    reader.skipWhitespace();
    if (reader.at >= json.length() || json.charAt(reader.at) != '{') {
      throw new IllegalArgumentException("the codec did not write a JSON object");
    }
    reader.at++;
    reader.skipWhitespace();
    if (reader.peek() == '}') {
      return members;
    }
    while (true) {
      reader.skipWhitespace();
      String key = reader.string();
      reader.skipWhitespace();
      reader.expect(':');
      reader.skipWhitespace();
      int start = reader.at;
      reader.skipValue();
      members.put(key, new Span(start, reader.at));
      reader.skipWhitespace();
      char c = reader.next();
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw reader.malformed();
      }
    }
  }

  /** The JSON string literal of {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** The string a JSON string literal stands for, or null if {@code literal} is not one. */
  static @Nullable String unquote(String literal) {
    if (literal.length() < 2 || literal.charAt(0) != '"') {
      return null;
    }
    JsonMembers reader = new JsonMembers(literal);
    String value = reader.string();
    return reader.at == literal.length() ? value : null;
  }

  private char peek() {
    if (at >= json.length()) {
      throw malformed();
    }
    return json.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw malformed();
    }
  }

  private void skipWhitespace() {
    while (at < json.length()) {
      char c = json.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > json.length()) {
            throw malformed();
          }
          out.append((char) Integer.parseInt(json.substring(at, at + 4), 16));
          at += 4;
        }
        default -> out.append(e);
      }
    }
  }

  private void skipValue() {
    char c = peek();
    if (c == '"') {
      string();
      return;
    }
    if (c != '{' && c != '[') {
      while (at < json.length() && ",}] \t\n\r".indexOf(json.charAt(at)) < 0) {
        at++;
      }
      return;
    }
    int depth = 0;
    do {
      c = peek();
      if (c == '"') {
        string();
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      at++;
    } while (depth > 0);
  }

  private IllegalArgumentException malformed() {
    return new IllegalArgumentException("the codec wrote malformed JSON at offset " + at);
  }
}
