package dev.eventcore.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Filtered reads of the global log with the filter pushed down: a {@code WHERE} on the stream
 * category ({@code split_part(stream_id, '-', 1)}, the same rule as {@code StreamId.category()})
 * and on the type, so events the filter leaves out are neither sent nor decoded. The scanned bound
 * comes from the same statement, under the same transaction-id horizon: when fewer than the
 * maximum match, it is the last event below the horizon, and every match up to it is in the page.
 * Thread-safe.
 */
final class FilteredReader {
  private final EventReader reader;
  private final EventQuery query;
  private final String events;
  private final SchemaNames names;

  FilteredReader(SchemaNames names, EventReader reader) {
    this.names = names;
    this.reader = reader;
    this.query = reader.query();
    this.events = names.qualified("event_log");
  }

  private static String where(EventFilter filter) {
    return " WHERE (e.tx, e.ordinal) > (CAST(? AS xid8), ?) AND e.tx < (SELECT xmin FROM h)"
        + (filter.categories().isEmpty() ? "" : " AND split_part(e.stream_id, '-', 1) = ANY (?)")
        + (filter.types().isEmpty() ? "" : " AND e.type = ANY (?)");
  }

  /** The CTE {@code h}: the horizon, the oldest transaction id still open. */
  static final String HORIZON =
      "WITH h AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) ";

  /** An event's position ({@link Positions}) from its row {@code e}. */
  static final String POSITION = "(((e.tx::text)::bigint + 1) << 20) | e.ordinal";

  /** The CTE {@code t}: the position of the last event of {@code log} below the horizon. */
  static String tail(String log) {
    return ", t AS (SELECT (SELECT " + POSITION + " FROM " + log + " e"
        + " WHERE e.tx < (SELECT xmin FROM h) ORDER BY e.tx DESC, e.ordinal DESC LIMIT 1) AS tail)";
  }

  private int bind(PreparedStatement statement, Connection c, GlobalPosition after,
      EventFilter filter) throws SQLException {
    int i = 1;
    statement.setString(i++, Long.toString(Positions.tx(after)));
    statement.setInt(i++, Positions.ordinal(after));
    if (!filter.categories().isEmpty()) {
      // a tenant's category is its key's: the tenant's prefix and the category
      statement.setArray(i++, c.createArrayOf("text",
          filter.categories().stream().map(names::key).toArray()));
    }
    if (!filter.types().isEmpty()) {
      statement.setArray(i++, c.createArrayOf("text", filter.types().toArray()));
    }
    return i;
  }

  /**
   * A page of matching events after {@code after}; like the unfiltered read, with {@code
   * awaitOwnWrites} it re-reads for a moment when the page ends before this store's own committed
   * events.
   */
  LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter, boolean awaitOwnWrites) {
    long target = reader.appended(); // committed before the read began
    if (!awaitOwnWrites || target <= after.value()) {
      return readOnce(after, maxCount, filter);
    }
    return reader.readingOwnWrites(
        () -> readOnce(after, maxCount, filter),
        page -> page.events().size() == maxCount || page.scannedTo().value() >= target);
  }

  private LogPage readOnce(GlobalPosition after, int maxCount, EventFilter filter) {
    String sql = HORIZON
        + ", m AS (SELECT " + SchemaNames.EVENT_COLUMNS
        + " FROM " + events + " e" + where(filter) + " ORDER BY e.tx, e.ordinal LIMIT ?)"
        + tail(events) + " SELECT m.*, t.tail FROM t LEFT JOIN m ON true ORDER BY m.tx, m.ordinal";
    LogPage page = query.execute("readAll after " + after + " with " + filter, sql, names.logPlans,
        maxCount > EventQuery.FETCH_SIZE, (c, statement) -> {
          int next = bind(statement, c, after, filter);
          statement.setInt(next, maxCount);
          return decodePage(statement, after, maxCount);
        });
    if (!page.events().isEmpty()) {
      reader.saw(page.events().get(page.events().size() - 1).position());
    }
    return page;
  }

  /**
   * The matching events of the page and how far it scanned: the last event when the page is full
   * or ends before a bad row, else the tail every row carries (the last event below the horizon).
   */
  private LogPage decodePage(PreparedStatement statement, GlobalPosition after, int maxCount)
      throws SQLException {
    List<RecordedEvent<?>> page = new ArrayList<>(Math.min(maxCount, EventQuery.FETCH_SIZE));
    long tail = after.value();
    boolean badRow = false;
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long rowTail = rows.getLong(EventReader.COLUMNS + 1);
        tail = rows.wasNull() ? tail : Math.max(tail, rowTail);
        if (rows.getString(EventReader.STREAM_ID) == null) {
          continue; // no match: the row only carries the tail
        }
        try {
          page.add(reader.decode(rows, page.isEmpty() ? null : page.get(page.size() - 1)));
        } catch (EventStoreException e) {
          if (page.isEmpty()) {
            throw e;
          }
          badRow = true; // end before it; the next read starts there and fails on it
          break;
        }
      }
    }
    GlobalPosition scanned = page.size() == maxCount || badRow
        ? page.get(page.size() - 1).position()
        : GlobalPosition.of(tail);
    return new LogPage(page, scanned);
  }

  /** How many matching events are readable after {@code after}, below the horizon. */
  long countAfter(GlobalPosition after, EventFilter filter) {
    String sql = HORIZON + "SELECT count(*) FROM " + events + " e" + where(filter);
    return query.execute("countAfter " + after + " with " + filter, sql, names.logPlans, false,
        (c, statement) -> {
          bind(statement, c, after, filter);
          try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
          }
        });
  }
}
