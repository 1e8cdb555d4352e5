package dev.eventcore;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The unique identity of an event across the whole store.
 *
 * <p>Ids make appends idempotent: appending the same ids again to the same stream positions (a
 * retry after a lost acknowledgement) returns the original result and writes nothing. Generate
 * them before the first attempt and reuse them on retry.
 *
 * @param value the UUID
 *
 * @since 0.1.0
 */
public record EventId(UUID value) {
  private static final int COUNTER_BITS = 12;
  private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

  /** The last (millisecond, counter) handed out, as {@code millis << 12 | counter}. */
  private static final AtomicLong LAST = new AtomicLong();

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
   * A new random, time-ordered id (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, a
   * 12-bit counter, then 62 random bits. Ids made later sort later: across milliseconds always, and
   * within one JVM also within a millisecond (RFC 9562 method 1), for up to 4,096 ids per
   * millisecond; past that, the rest of that millisecond's ids take a random counter instead of
   * running ahead of the clock (as do ids made after the clock stepped back, until it catches up).
   * Ordered ids keep index inserts local, and let a store see at once that an id newer than every
   * stored one is not stored.
   */
  public static EventId random() {
    long millis;
    long previous;
    long next;
    do {
      previous = LAST.get();
      // the clock is read after the last id: that id's millisecond is never later than this one,
      // unless the counter ran out or the clock went back
      millis = System.currentTimeMillis();
      next = Math.max(millis << COUNTER_BITS, previous + 1);
      if (next >>> COUNTER_BITS != millis) {
        // this millisecond's counter is spent (or the clock went back): unordered, never ahead
        next = (millis << COUNTER_BITS) | (ThreadLocalRandom.current().nextLong() & COUNTER_MASK);
        break;
      }
    } while (!LAST.compareAndSet(previous, next));
    long msb = (millis << 16) | 0x7000L | (next & COUNTER_MASK);
    long lsb =
        (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new EventId(new UUID(msb, lsb));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
