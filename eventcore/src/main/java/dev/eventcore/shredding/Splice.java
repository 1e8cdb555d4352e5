package dev.eventcore.shredding;

import java.util.Map;
import java.util.TreeMap;

/** Replacements of spans of a text, applied at once. */
final class Splice {
  private final String text;
  private final Map<Integer, Map.Entry<JsonMembers.Span, String>> replacements = new TreeMap<>();

  Splice(String text) {
    this.text = text;
  }

  /** Replaces {@code span} (not overlapping another) with {@code replacement}. */
  void put(JsonMembers.Span span, String replacement) {
    replacements.put(span.start(), Map.entry(span, replacement));
  }

  /** The text with its replacements. */
  String text() {
    if (replacements.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64 * replacements.size());
    int at = 0;
    for (Map.Entry<JsonMembers.Span, String> replacement : replacements.values()) {
      out.append(text, at, replacement.getKey().start()).append(replacement.getValue());
      at = replacement.getKey().end();
    }
    return out.append(text, at, text.length()).toString();
  }
}
