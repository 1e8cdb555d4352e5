package dev.eventcore.internal.text;

import java.util.function.Supplier;

/** Checks on text that must be storable and readable in messages. Not API. */
public final class Text {
  /** Set while a stored text is read under the rules of its time (format characters allowed). */
  private static final ThreadLocal<Boolean> FORMAT_ALLOWED = new ThreadLocal<>();

  /**
   * Separates a tenant from its key in a stored stream id (U+001F): let through when a stored id
   * is read, so that a store seeing every tenant can read their events.
   */
  private static final char TENANT_SEPARATOR = '\u001F'; // TenantKeys.SEPARATOR

  private Text() {}

  /**
   * Runs {@code read} with {@link #requireVisible} letting format characters through on this
   * thread: for text stored before they were refused (a legacy stream id), and the tenant separator
   * U+001F, for a tenant's stream id read by a store that sees every tenant. Every other check
   * still applies.
   */
  public static <T> T allowingFormatChars(Supplier<T> read) {
    FORMAT_ALLOWED.set(Boolean.TRUE);
    try {
      return read.get();
    } finally {
      FORMAT_ALLOWED.remove();
    }
  }

  /**
   * Whether a stored text is being read ({@link #allowingFormatChars}): a tenant's stored stream id
   * is then also allowed the tenant and the separator beyond the usual length.
   */
  public static boolean readingStored() {
    return FORMAT_ALLOWED.get() != null;
  }

  /**
   * Rejects ISO control characters (NUL included) and unpaired surrogates.
   *
   * @param what names the text in the message, e.g. "stream id"
   */
  public static void requireNoControlChars(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw controlChar(text, what, i);
      }
    }
    requireNoLoneSurrogates(text, what);
  }

  /**
   * Rejects, in one pass, ISO control characters (NUL included), unpaired surrogates and Unicode
   * format characters ({@link Character#FORMAT}: zero-width, joiner, byte-order-mark and bidi
   * control characters, the soft hyphen...), which print as nothing or reorder the text around
   * them, so that two different texts would look the same. The message names the first offending
   * character, its index and its Unicode name; it is built only on failure.
   *
   * <p>{@link #allowingFormatChars} lets format characters through, for stream ids stored before
   * they were refused.
   *
   * @param what names the text in the message, e.g. "stream id"
   */
  public static void requireVisible(String text, String what) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0xAD) { // below the first format character (U+00AD): only controls to refuse
        if ((c < 0x20 && !(c == TENANT_SEPARATOR && FORMAT_ALLOWED.get() != null))
            || (c >= 0x7F && c <= 0x9F)) {
          throw controlChar(text, what, i);
        }
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == n
            || !Character.isLowSurrogate(text.charAt(i + 1))) {
          throw loneSurrogate(what, c, i);
        }
        int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
        if (Character.getType(codePoint) == Character.FORMAT) {
          formatChar(text, what, i, codePoint);
        }
        i++;
      } else if (Character.getType(c) == Character.FORMAT) {
        formatChar(text, what, i, c);
      }
    }
  }

  private static IllegalArgumentException controlChar(String text, String what, int index) {
    return new IllegalArgumentException(
        what + " must not contain control characters; found U+"
            + String.format("%04X", (int) text.charAt(index)) + " at index " + index + " in "
            + quote(text));
  }

  private static IllegalArgumentException loneSurrogate(String what, char c, int index) {
    return new IllegalArgumentException(
        what + " must not contain an unpaired surrogate; found U+"
            + String.format("%04X", (int) c) + " at index " + index);
  }

  /** Throws for a format character, unless a stored stream id is being read. */
  private static void formatChar(String text, String what, int index, int codePoint) {
    if (FORMAT_ALLOWED.get() != null) {
      return;
    }
    String name = Character.getName(codePoint);
    throw new IllegalArgumentException(
        what + " must not contain invisible or direction-changing characters (Unicode format"
            + " characters), which would make different ids look the same; found "
            + String.format("U+%04X", codePoint) + (name == null ? "" : " " + name)
            + " at index " + index + " in " + quote(text));
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
        throw loneSurrogate(what, c, i);
      }
    }
  }

  /**
   * The text in single quotes, for messages: control, surrogate and format characters escaped (so
   * an invisible one shows), cut at 80 chars.
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 80) + 8).append('\'');
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)
          || Character.getType(c) == Character.FORMAT) {
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
