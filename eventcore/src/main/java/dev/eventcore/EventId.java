package dev.eventcore;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The unique identity of an event across the whole store.
 *
 * <p>Ids make appends idempotent: appending the same ids again to the same stream positions (a
 * retry after a lost acknowledgement) returns the original result and writes nothing. Generate
 * them before the first attempt and reuse them on retry.
 *
 * @param value the UUID
 */
public record EventId(UUID value) {

  /**
   * Validates the id.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public EventId {
    Objects.requireNonNull(value, "value");
  }

  /** Returns the event id with the given UUID. */
  public static EventId of(UUID value) {
    return new EventId(value);
  }

  /**
   * Parses an id from its canonical UUID text.
   *
   * @throws IllegalArgumentException if {@code text} is not a UUID in canonical 8-4-4-4-12 form
   */
  public static EventId parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() != 36) {
      // UUID.fromString also takes short forms such as "1-1-1-1-1"; only the canonical form is an id
      throw new IllegalArgumentException(
          "event id is not a UUID in canonical form (8-4-4-4-12 hex digits): '" + text + "'");
    }
    try {
      return new EventId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("event id is not a UUID: '" + text + "'", e);
    }
  }

  /**
   * A new random, time-ordered id (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then
   * 74 random bits. Ids made later sort later (to the millisecond), which keeps index inserts
   * local.
   */
  public static EventId random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = System.currentTimeMillis();
    long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new EventId(new UUID(msb, lsb));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
