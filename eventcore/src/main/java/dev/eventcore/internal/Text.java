package dev.eventcore.internal;

/** Checks on text that must be storable and readable in messages. Not API. */
public final class Text {
  private Text() {}

  /**
   * Rejects ISO control characters (NUL included) and unpaired surrogates.
   *
   * @param what names the text in the message, e.g. "stream id"
   */
  public static void requireNoControlChars(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " must not contain control characters; found U+"
                + String.format("%04X", (int) c) + " at index " + i + " in " + quote(text));
      }
    }
    requireNoLoneSurrogates(text, what);
  }

  /**
   * Rejects what PostgreSQL cannot store in text or jsonb: NUL and unpaired surrogates.
   *
   * @param what names the text in the message
   */
  public static void requireStorable(String text, String what) {
    if (text.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(
          what + " must not contain the NUL character (U+0000) at index " + text.indexOf('\u0000'));
    }
    requireNoLoneSurrogates(text, what);
  }

  /** Whether {@code text} has NUL or an unpaired surrogate (fast path for payload checks). */
  public static boolean isStorable(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  private static void requireNoLoneSurrogates(String text, String what) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " must not contain an unpaired surrogate; found U+"
                + String.format("%04X", (int) c) + " at index " + i);
      }
    }
  }

  /** The text in single quotes, control characters escaped and cut at 80 chars, for messages. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 80) + 8).append('\'');
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > 80) {
      out.append("...(").append(text.length()).append(" chars)");
    }
    return out.append('\'').toString();
  }
}
