package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.postgres.EventQuery.Plans;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The log queries: a stream read backwards (its index scanned from the top), the log position at
 * a time (the events recorded since, by V13's BRIN index on {@code recorded_at} where that is
 * cheaper than a scan: a cost that follows the events since the time, less than reading them) and
 * the events of one correlation id (V13's index), each one statement planned for its values.
 * Thread-safe.
 */
final class LogQueries {
  private final SchemaNames names;
  private final EventQuery query;

  LogQueries(SchemaNames names, EventQuery query) {
    this.names = names;
    this.query = query;
  }

  /** Up to {@code maxCount} events of {@code stream} from version {@code from} down. */
  List<RecordedEvent<?>> backwards(StreamId stream, long from, int maxCount) {
    return query.list("readStreamBackwards " + stream, names.readBackwardsSql, Plans.CUSTOM,
        maxCount, false, statement -> {
          statement.setString(1, names.key(stream));
          statement.setLong(2, from);
          statement.setInt(3, maxCount);
        });
  }

  /**
   * The position before the first readable event recorded at or after {@code instant}, and never
   * after the read horizon: a transaction still open (below the horizon nothing is) may commit
   * events recorded after {@code instant} at lower positions, so the position stays below it.
   */
  GlobalPosition positionAt(Instant instant) {
    return query.execute("positionAt " + instant, names.positionAtSql, Plans.CUSTOM, false,
        (c, statement) -> {
          statement.setObject(1, instant.atOffset(ZoneOffset.UTC)); // timestamptz, exact
          try (ResultSet row = statement.executeQuery()) {
            row.next();
            long xmin = Long.parseLong(row.getString(3));
            // reading after this returns every event of the transactions from xmin on
            long horizon = Positions.of(xmin, 0) - 1;
            String tx = row.getString(1);
            if (tx == null) {
              return GlobalPosition.of(horizon);
            }
            long first = Positions.of(Long.parseLong(tx), row.getInt(2));
            return GlobalPosition.of(Math.min(first - 1, horizon));
          }
        });
  }

  /** Up to {@code maxCount} readable events of {@code correlationId} after {@code after}. */
  List<RecordedEvent<?>> correlated(String correlationId, GlobalPosition after, int maxCount) {
    return query.list("readCorrelated " + correlationId, names.readCorrelatedSql, names.logPlans,
        maxCount, true, statement -> {
          statement.setString(1, correlationId);
          statement.setString(2, Long.toString(Positions.tx(after)));
          statement.setInt(3, Positions.ordinal(after));
          statement.setInt(4, maxCount);
        });
  }
}
