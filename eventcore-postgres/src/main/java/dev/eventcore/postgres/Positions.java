package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.StoreLimits;
import java.util.Objects;

/**
 * The encoding of a global position: {@code ((tx + 1) << 20) | ordinal}, where {@code tx} is the
 * writing transaction's 64-bit id (xid8) and {@code ordinal} the event's rank in that transaction
 * (below {@link #MAX_EVENTS_PER_TRANSACTION}). Positions so encoded increase strictly in the
 * log's reading order (tx, ordinal). 43 bits remain for the transaction id: 8.7 trillion
 * transactions.
 */
final class Positions {
  /** Bits of the ordinal within a transaction. */
  static final int ORDINAL_BITS = 20;

  /** The most events one transaction (one append, or one group-commit batch) may write. */
  static final int MAX_EVENTS_PER_TRANSACTION = 1 << ORDINAL_BITS;

  private static final long ORDINAL_MASK = MAX_EVENTS_PER_TRANSACTION - 1L;

  /**
   * The most payload and metadata bytes of one append, or of one group-commit batch: the batch
   * goes out in one protocol message, which pgjdbc refuses at 1 GiB, and JSON text may grow in
   * transit (escapes), so a quarter of that is the safe bound.
   */
  static final long MAX_APPEND_BYTES = 256L << 20;

  private Positions() {}

  /** The limits, if an append within them fits one transaction's ordinals. */
  static StoreLimits checkLimits(StoreLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (limits.maxEventsPerAppend() >= MAX_EVENTS_PER_TRANSACTION) {
      throw new IllegalArgumentException(
          "limits.maxEventsPerAppend must be below " + MAX_EVENTS_PER_TRANSACTION
              + " (events per transaction a position can encode) but was "
              + limits.maxEventsPerAppend());
    }
    if (limits.maxAppendBytes() > MAX_APPEND_BYTES) {
      throw new IllegalArgumentException(
          "limits.maxAppendBytes must be at most " + MAX_APPEND_BYTES + " (256 MiB: an append"
              + " goes to PostgreSQL in one protocol message, which the JDBC driver caps at 1 GiB)"
              + " but was " + limits.maxAppendBytes());
    }
    return limits;
  }

  /** The position of the event at {@code ordinal} in transaction {@code tx}. */
  static long of(long tx, int ordinal) {
    return ((tx + 1) << ORDINAL_BITS) | ordinal;
  }

  /** The transaction id of a position, or 0 (no transaction) for positions before any event. */
  static long tx(GlobalPosition position) {
    long tx = (position.value() >>> ORDINAL_BITS) - 1;
    return Math.max(tx, 0);
  }

  /** The ordinal of a position; -1 for positions before any event, so every event is after it. */
  static int ordinal(GlobalPosition position) {
    if ((position.value() >>> ORDINAL_BITS) == 0) {
      return -1;
    }
    return (int) (position.value() & ORDINAL_MASK);
  }
}
