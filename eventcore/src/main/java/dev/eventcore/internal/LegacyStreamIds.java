package dev.eventcore.internal;

import dev.eventcore.StreamId;
import dev.eventcore.internal.text.Text;

/**
 * Reads stream ids an adapter stored before invisible and direction-changing characters (Unicode
 * format characters) were refused, so that the events of such a stream stay readable in the global
 * log and by subscriptions instead of halting every reader; also a tenant's stream id (the tenant,
 * U+001F and the id) read by a store that sees every tenant. Every other rule of {@link StreamId}
 * still applies. New ids never take this path. Not API.
 */
public final class LegacyStreamIds {
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
      return Text.allowingFormatChars(() -> StreamId.of(value));
    }
  }
}
