package dev.eventcore;

/**
 * Size limits every adapter enforces before writing, so that an oversized append fails with a
 * typed error instead of a database error.
 *
 * @param maxEventBytes the largest payload, and the largest metadata, of one event in bytes
 *     (default 1 MiB): measured on the encoded JSON in UTF-8 by a store that encodes payloads
 *     (PostgreSQL); in memory, text is sized exactly as JSON writes it and other values estimated
 * @param maxEventsPerAppend the most events one append may write (default 100,000)
 */
public record StoreLimits(long maxEventBytes, int maxEventsPerAppend) {

  /** 1 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 1L << 20;

  /** 100,000. */
  public static final int DEFAULT_MAX_EVENTS_PER_APPEND = 100_000;

  /** Validates the limits. */
  public StoreLimits {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be >= 1 but was " + maxEventBytes);
    }
    if (maxEventsPerAppend < 1) {
      throw new IllegalArgumentException(
          "maxEventsPerAppend must be >= 1 but was " + maxEventsPerAppend);
    }
  }

  /** The defaults: 1 MiB per event, 100,000 events per append. */
  public static StoreLimits defaults() {
    return new StoreLimits(DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_EVENTS_PER_APPEND);
  }

  /** A copy with the given per-event byte limit. */
  public StoreLimits withMaxEventBytes(long maxEventBytes) {
    return new StoreLimits(maxEventBytes, maxEventsPerAppend);
  }

  /** A copy with the given per-append event limit. */
  public StoreLimits withMaxEventsPerAppend(int maxEventsPerAppend) {
    return new StoreLimits(maxEventBytes, maxEventsPerAppend);
  }
}
