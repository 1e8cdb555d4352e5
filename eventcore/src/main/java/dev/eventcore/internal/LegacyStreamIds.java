package dev.eventcore.internal;

import dev.eventcore.StreamId;

/**
 * Reads stream ids an adapter stored before invisible and direction-changing characters (Unicode
 * format characters) were refused, so that the events of such a stream stay readable in the global
 * log and by subscriptions instead of halting every reader. Every other rule of {@link StreamId}
 * still applies. New ids never take this path. Not API.
 */
public final class LegacyStreamIds {
  private static final ThreadLocal<Boolean> READING = new ThreadLocal<>();

  private LegacyStreamIds() {}

  /**
   * The stored id: checked like {@link StreamId#of(String)}, except that format characters are
   * let through. Costs nothing more for an id that follows today's rules.
   *
   * @throws IllegalArgumentException if the id breaks another rule of {@link StreamId}
   */
  public static StreamId read(String value) {
    try {
      return StreamId.of(value);
    } catch (IllegalArgumentException e) {
      READING.set(Boolean.TRUE);
      try {
        return StreamId.of(value);
      } finally {
        READING.remove();
      }
    }
  }

  /** Whether this thread is reading a stored id (format characters allowed). */
  static boolean reading() {
    return READING.get() != null;
  }
}
