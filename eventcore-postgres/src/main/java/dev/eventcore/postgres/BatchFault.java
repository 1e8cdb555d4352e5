package dev.eventcore.postgres;

import dev.eventcore.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Finds the event at fault in a batch whose handler threw: the first event whose prefix of the
 * batch fails, by halving (each probe applies a prefix and rolls it back), or at once when the
 * handler says which one failed ({@link EventFailure}, from a per-event handler). Package-private.
 */
final class BatchFault {
  private BatchFault() {}

  /** Thrown by a per-event handler run as a batch handler: the index of the event that failed. */
  static final class EventFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    EventFailure(int index, Exception cause) {
      super(cause);
      this.index = index;
    }
  }

  /** Applies {@code handler} to each event in turn, naming the one that throws. */
  static JdbcBatchHandler perEvent(JdbcProjection.JdbcEventHandler handler) {
    return (events, connection) -> {
      for (int i = 0; i < events.size(); i++) {
        try {
          handler.handle(events.get(i), connection);
        } catch (Exception e) {
          throw new EventFailure(i, e);
        }
      }
    };
  }

  /** The cause a handler gave, unwrapped from an {@link EventFailure}. */
  static Exception cause(Exception e) {
    return e instanceof EventFailure && e.getCause() instanceof Exception cause ? cause : e;
  }

  /**
   * The index of the first event at fault in {@code batch}, which failed as a whole with {@code
   * failure}: each probe runs the handler on a prefix in {@code tx} and rolls it back.
   *
   * @throws SQLException if rolling back a probe fails (the connection is gone)
   */
  static int locate(List<RecordedEvent<?>> batch, Exception failure,
      JdbcBatchHandler handler, ProjectionTransaction tx) throws SQLException {
    if (failure instanceof EventFailure named && named.index < batch.size()) {
      return named.index;
    }
    int lo = 1; // the shortest prefix that fails is in [lo, hi]
    int hi = batch.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (fails(batch.subList(0, mid), handler, tx)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  }

  /** The start of the stored event that {@code batch[index]} was read from (upcaster splits). */
  static int storedEventStart(List<RecordedEvent<?>> batch, int index) {
    int start = index;
    while (start > 0 && !batch.get(start - 1).completesStoredEvent()) {
      start--;
    }
    return start;
  }

  private static boolean fails(List<RecordedEvent<?>> prefix,
      JdbcBatchHandler handler, ProjectionTransaction tx) throws SQLException {
    Connection c = tx.connection();
    boolean failed;
    try {
      handler.handle(prefix, c);
      failed = false;
    } catch (Exception e) {
      failed = true;
    }
    tx.rollbackKeeping();
    return failed;
  }
}
