package dev.eventcore.postgres;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.postgres.EventQuery.Plans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads streams. The first {@link #HEAD} events come from the schema's {@code read_stream}
 * function: one round trip and a plan made once per session that can only be the ordered scan of
 * the stream's index (planning the statement on every call cost more than running it for a short
 * stream). A longer read goes on in a transaction whose planner may only walk that index in order
 * ({@link EventQuery.Plans#CUSTOM_IN_INDEX_ORDER}), by a cursor above {@link
 * EventQuery#FETCH_SIZE} rows, handing on a chunk at a time: a stream of any length takes a few
 * round trips, its first rows come at once, it is never held in memory at once, and no statistics
 * can make a page cost what the whole stream costs. Thread-safe.
 */
final class StreamReader {
  /**
   * Events read by {@code read_stream}. Below a few hundred rows it is about twice as fast as a
   * statement planned per call (the plan is most of the cost); above, copying its result through
   * the function's row store costs more than planning saves.
   */
  static final int HEAD = 250;

  private final DataSource dataSource;
  private final SchemaNames names;
  private final EventQuery query;

  StreamReader(DataSource dataSource, SchemaNames names, EventQuery query) {
    this.dataSource = dataSource;
    this.names = names;
    this.query = query;
  }

  /** Up to {@code maxCount} events of {@code stream} from version {@code from}. */
  List<RecordedEvent<?>> read(StreamId stream, long from, int maxCount) {
    return EventQuery.joined(chunks -> read(stream, from, maxCount, chunks));
  }

  /**
   * Hands up to {@code maxCount} events of {@code stream} from version {@code from} to {@code
   * chunks}, in version order, and returns how many.
   */
  long read(StreamId stream, long from, long maxCount, Consumer<List<RecordedEvent<?>>> chunks) {
    String what = "readStream " + stream;
    long[] next = {from};
    Consumer<List<RecordedEvent<?>>> sink = chunk -> {
      next[0] = chunk.get(chunk.size() - 1).version().value() + 1;
      chunks.accept(chunk);
    };
    int head = (int) Math.min(maxCount, HEAD);
    long read = query.run(what, names.readStreamHeadSql, Plans.REUSED, head, false,
        statement -> bind(statement, names.key(stream), from, head), sink);
    if (read < head || read == maxCount) {
      return read;
    }
    long rest = maxCount - read;
    return read + query.run(what, names.readStreamSql, Plans.CUSTOM_IN_INDEX_ORDER, rest, false,
        statement -> bind(statement, names.key(stream), next[0], rest), sink);
  }

  /** Binds a stream read's stream, first version and limit. */
  static void bind(PreparedStatement statement, String stream, long from, long count)
      throws SQLException {
    statement.setString(1, stream);
    statement.setLong(2, from);
    if (count <= Integer.MAX_VALUE) {
      statement.setInt(3, (int) count);
    } else {
      statement.setLong(3, count);
    }
  }

  /** The stream's current version, {@link Version#NONE} when it has no events. */
  Version currentVersion(StreamId stream) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(names.currentVersionSql)) {
      EventQuery.customPlans(statement);
      statement.setString(1, names.key(stream));
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Version.of(row.getLong(1)) : Version.NONE;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("currentVersion " + stream, e);
    }
  }
}
