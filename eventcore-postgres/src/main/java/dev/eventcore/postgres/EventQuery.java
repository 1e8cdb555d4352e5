package dev.eventcore.postgres;

import dev.eventcore.EventStoreException;
import dev.eventcore.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;

/**
 * One read of event rows, decoded one by one and handed on in chunks of at most {@link
 * #FETCH_SIZE}: with a cursor (a transaction fetching that many rows at a time), a read of any
 * length holds one chunk in memory, never the whole result.
 */
final class EventQuery {
  /** Rows per cursor fetch, and the most events in one chunk. */
  static final int FETCH_SIZE = 1000;

  /** Binds a statement's parameters. */
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** How a statement is planned. */
  enum Plans {
    /** The driver's default: a server-side prepared statement after a few uses. */
    REUSED,
    /** Planned for each execution with its values (see {@link #customPlans}). */
    CUSTOM,
    /**
     * As {@link #CUSTOM}, in a transaction of its own whose planner may use neither sequential nor
     * bitmap scans: the rest of a stream read after its head, which reads in index order whatever
     * the planner believes of the stream. Without it, a stream longer than the statistics say (one
     * that grew since the last ANALYZE, or one long stream among short ones) is collected whole
     * with a bitmap scan, every row formatted, and sorted before the first row goes out, even for
     * a limit of 1,000 (measured: 158 ms instead of 2 ms for the second page of a 100,000-event
     * stream; 0.4–0.7× a raw streaming read for streams of 10,000–100,000 events). Costs two more
     * round trips, one of which begins the transaction.
     */
    CUSTOM_IN_INDEX_ORDER,
    /**
     * As {@link #CUSTOM}, always in a transaction of its own whose planner may use neither
     * sequential nor bitmap scans: a tenant's log read. The planner cannot know the session's
     * tenant when it plans (row-level security looks it up as the statement starts), so it takes
     * the tenant for a small part of the log; when that guess is below the read's limit it would
     * rather collect every event of the tenant with a bitmap scan and sort them than walk the
     * tenant index in position order and stop at the limit (measured: 34 ms instead of under 1 ms
     * for 1,000 of a tenant's 52,000 events). Costs one more round trip, which begins the
     * transaction.
     */
    LOG_IN_INDEX_ORDER
  }

  /**
   * The planner settings of {@link Plans#CUSTOM_IN_INDEX_ORDER} (for the cursor's transaction)
   * and of {@link Plans#LOG_IN_INDEX_ORDER}.
   */
  private static final String INDEX_ORDER =
      "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off";

  private final DataSource dataSource;
  private final EventRows rows;

  EventQuery(DataSource dataSource, EventRows rows) {
    this.dataSource = dataSource;
    this.rows = rows;
  }

  /**
   * Plans the statement for each execution instead of caching a generic plan on the server: a plan
   * cached while the tables are small is a sequential scan, kept until the next ANALYZE, which would
   * make every read of a young store scan the whole table. Planning costs about 0.1 ms a call, so
   * the reads that run most (a stream's first page, the group-commit batch) go through V12's
   * functions, whose plans are made once per session and cannot be scans of the whole table.
   */
  static void customPlans(PreparedStatement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }

  /** Runs a read and returns its events (see {@link #run}). */
  List<RecordedEvent<?>> list(String what, String sql, Plans plans, long limit, boolean prefix,
      Binder binder) {
    return joined(chunks -> run(what, sql, plans, limit, prefix, binder, chunks));
  }

  /**
   * The events a chunked read hands on, as one list: the only chunk itself when there is one (the
   * usual case, no copy), else the chunks joined.
   */
  static List<RecordedEvent<?>> joined(Consumer<Consumer<List<RecordedEvent<?>>>> read) {
    List<List<RecordedEvent<?>>> chunks = new ArrayList<>(1);
    read.accept(chunks::add);
    if (chunks.size() <= 1) {
      return chunks.isEmpty() ? new ArrayList<>() : chunks.get(0);
    }
    List<RecordedEvent<?>> events = new ArrayList<>(chunks.size() * FETCH_SIZE);
    chunks.forEach(events::addAll);
    return events;
  }

  /**
   * Runs a read of at most {@code limit} rows, handing its events to {@code chunks} in order, and
   * returns how many. Above {@link #FETCH_SIZE} rows, with a cursor: in a transaction fetching
   * that many rows at a time. With {@code prefix}, a
   * row that cannot be read at all (an invalid stream id) after good ones ends the read early (the
   * next read starts at it and fails), so a subscription handles every event before a bad one.
   * Rows whose payload or metadata cannot be decoded come back raw. An exception from {@code
   * chunks} ends the read and propagates.
   */
  long run(String what, String sql, Plans plans, long limit, boolean prefix, Binder binder,
      Consumer<List<RecordedEvent<?>>> chunks) {
    return execute(what, sql, plans, limit > FETCH_SIZE, (c, statement) -> {
      binder.bind(statement);
      return decodeAll(statement, (int) Math.min(limit, FETCH_SIZE), prefix, chunks);
    });
  }

  /** What a read does with its prepared statement (the connection is there for its arrays). */
  interface Work<T> {
    T run(Connection connection, PreparedStatement statement) throws SQLException;
  }

  /**
   * Prepares {@code sql}, planned as {@code plans} says, and runs {@code work} on it; with {@code
   * cursor}, in a transaction that fetches {@link #FETCH_SIZE} rows at a time (for {@link
   * Plans#LOG_IN_INDEX_ORDER} in a transaction always), committed after {@code work} and rolled
   * back when it fails. SQL failures are translated, naming {@code what}.
   */
  <T> T execute(String what, String sql, Plans plans, boolean cursor, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit(); // restored: the connection goes back as it came
      boolean inIndexOrder =
          plans == Plans.CUSTOM_IN_INDEX_ORDER || plans == Plans.LOG_IN_INDEX_ORDER;
      boolean transaction = cursor || inIndexOrder;
      if (transaction) {
        c.setAutoCommit(false);
        if (inIndexOrder) {
          try (Statement set = c.createStatement()) {
            set.execute(INDEX_ORDER); // one round trip, which also begins the transaction
          }
        }
      }
      try (PreparedStatement statement = c.prepareStatement(sql)) {
        if (plans != Plans.REUSED) {
          customPlans(statement);
        }
        if (cursor) {
          statement.setFetchSize(FETCH_SIZE);
        }
        T result = work.run(c, statement);
        if (transaction) {
          c.commit();
          c.setAutoCommit(autoCommit);
        }
        return result;
      } catch (RuntimeException | SQLException e) {
        if (transaction) {
          try {
            c.rollback();
            c.setAutoCommit(autoCommit);
          } catch (SQLException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  private long decodeAll(PreparedStatement statement, int chunkSize, boolean prefix,
      Consumer<List<RecordedEvent<?>>> chunks) throws SQLException {
    long count = 0;
    List<RecordedEvent<?>> chunk = new ArrayList<>(chunkSize);
    @Nullable RecordedEvent<?> last = null;
    try (ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        try {
          last = rows.decode(result, last);
        } catch (EventStoreException e) {
          if (!prefix || count == 0) {
            throw e;
          }
          break;
        }
        chunk.add(last);
        count++;
        if (chunk.size() == FETCH_SIZE) {
          chunks.accept(chunk);
          chunk = new ArrayList<>(chunkSize);
        }
      }
    }
    if (!chunk.isEmpty()) {
      chunks.accept(chunk);
    }
    return count;
  }
}
