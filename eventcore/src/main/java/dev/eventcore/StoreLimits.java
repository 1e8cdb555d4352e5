package dev.eventcore;

/**
 * Size limits every adapter enforces before writing, so that an oversized append fails with a
 * typed error instead of a database error.
 *
 * @param maxEventBytes the largest payload, and the largest metadata, of one event in bytes
 *     (default 1 MiB): measured on the encoded JSON in UTF-8 by a store that encodes payloads
 *     (PostgreSQL); in memory, text is sized exactly as JSON writes it and other values estimated
 * @param maxEventsPerAppend the most events one append may write (default 100,000)
 * @param maxAppendBytes the most bytes of payloads and metadata, all events together, one append
 *     may write (default 256 MiB, measured like {@code maxEventBytes}): a larger append is refused
 *     before anything is sent, rather than by the database driver halfway (PostgreSQL's protocol
 *     carries at most 1 GiB per message, which its JDBC driver enforces)
 *
 * @since 0.1.0
 */
public record StoreLimits(long maxEventBytes, int maxEventsPerAppend, long maxAppendBytes) {

  /** 1 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 1L << 20;

  /** 100,000. */
  public static final int DEFAULT_MAX_EVENTS_PER_APPEND = 100_000;

  /** 256 MiB. */
  public static final long DEFAULT_MAX_APPEND_BYTES = 256L << 20;

  /** Validates the limits. */
  public StoreLimits {
    if (maxEventBytes < 1) {
      throw new IllegalArgumentException("maxEventBytes must be >= 1 but was " + maxEventBytes);
    }
    if (maxEventsPerAppend < 1) {
      throw new IllegalArgumentException(
          "maxEventsPerAppend must be >= 1 but was " + maxEventsPerAppend);
    }
    if (maxAppendBytes < maxEventBytes) {
      throw new IllegalArgumentException("maxAppendBytes must be >= maxEventBytes ("
          + maxEventBytes + ", so that one event of the largest size fits) but was "
          + maxAppendBytes);
    }
  }

  /** Limits with the default {@link #maxAppendBytes}, or {@code maxEventBytes} if larger. */
  public StoreLimits(long maxEventBytes, int maxEventsPerAppend) {
    this(maxEventBytes, maxEventsPerAppend, Math.max(maxEventBytes, DEFAULT_MAX_APPEND_BYTES));
  }

  /** The defaults: 1 MiB per event, 100,000 events and 256 MiB per append. */
  public static StoreLimits defaults() {
    return new StoreLimits(DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_EVENTS_PER_APPEND);
  }

  /**
   * A copy with the given per-event byte limit ({@link #maxAppendBytes} raised to it if lower).
   */
  public StoreLimits withMaxEventBytes(long maxEventBytes) {
    return new StoreLimits(
        maxEventBytes, maxEventsPerAppend, Math.max(maxAppendBytes, maxEventBytes));
  }

  /** A copy with the given per-append event limit. */
  public StoreLimits withMaxEventsPerAppend(int maxEventsPerAppend) {
    return new StoreLimits(maxEventBytes, maxEventsPerAppend, maxAppendBytes);
  }

  /** A copy with the given per-append byte limit (payloads and metadata of all its events). */
  public StoreLimits withMaxAppendBytes(long maxAppendBytes) {
    return new StoreLimits(maxEventBytes, maxEventsPerAppend, maxAppendBytes);
  }
}
