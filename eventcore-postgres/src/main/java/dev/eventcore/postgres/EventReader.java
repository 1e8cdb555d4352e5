package dev.eventcore.postgres;

import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;

/**
 * Reads streams and the global log. Rows are fetched in chunks (a server-side cursor) and decoded
 * one by one, so a large page is never held twice in memory. The global log read is one statement
 * that applies the transaction-id horizon itself: only rows whose transaction id is below the
 * snapshot's xmin, i.e. rows no still-running transaction can precede. Thread-safe.
 */
final class EventReader {
  private static final int FETCH_SIZE = 1000;
  private static final long OWN_WRITES_WAIT_NANOS = 500_000_000L;

  private final DataSource dataSource;
  private final SchemaNames names;
  private final EventRows rows;
  /** The highest position known to exist or be reachable: reads after it need no ahead-check. */
  private final AtomicLong known = new AtomicLong();
  /** The last position this store committed. */
  private final AtomicLong appended = new AtomicLong();

  EventReader(DataSource dataSource, SchemaNames names, Codecs codecs) {
    this.dataSource = dataSource;
    this.names = names;
    this.rows = new EventRows(codecs, codecs.metadata());
  }

  /** Notes a position the store handed out, so reads after it skip the ahead-of-store check. */
  void saw(GlobalPosition position) {
    known.accumulateAndGet(position.value(), Math::max);
  }

  /** The last position this store committed. */
  long appended() {
    return appended.get();
  }

  /** Notes that this store committed events up to {@code position}: reads should show them. */
  void appended(GlobalPosition position) {
    appended.accumulateAndGet(position.value(), Math::max);
    saw(position);
  }

  /**
   * Reads a page of the log below the horizon. With {@code awaitOwnWrites}, when the page ends
   * before events this store itself committed (an older transaction elsewhere in the cluster is
   * still open), it re-reads for up to {@link #OWN_WRITES_WAIT_NANOS}, so a caller normally reads
   * its own writes; after that it returns what is safely readable, which never skips anything.
   * Subscription threads read without it: they never wait; the log tailer looks again instead.
   */
  List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount, boolean awaitOwnWrites) {
    long target = appended.get(); // committed before the read began: later commits do not count
    if (!awaitOwnWrites || target <= after.value()) {
      return readAllOnce(after, maxCount);
    }
    return readingOwnWrites(
        () -> readAllOnce(after, maxCount),
        page ->
            page.size() == maxCount
                || (page.isEmpty() ? after.value() : page.get(page.size() - 1).position().value())
                    >= target);
  }

  /**
   * Reads with {@code read} until {@code complete} accepts the page (it is full, or reaches this
   * store's own committed events) or {@link #OWN_WRITES_WAIT_NANOS} pass; then returns the last
   * page, which is always safe: it never skips anything. Shared by the plain and filtered reads.
   */
  <P> P readingOwnWrites(Supplier<P> read, Predicate<P> complete) {
    long deadline = 0;
    long pause = 1;
    while (true) {
      P page = read.get();
      if (complete.test(page)) {
        return page;
      }
      if (deadline == 0) {
        deadline = System.nanoTime() + OWN_WRITES_WAIT_NANOS;
      } else if (System.nanoTime() > deadline) {
        return page;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return page;
      }
      pause = Math.min(pause * 2, 50);
    }
  }

  private List<RecordedEvent<?>> readAllOnce(GlobalPosition after, int maxCount) {
    List<RecordedEvent<?>> page =
        query("readAll after " + after, names.readAllSql, maxCount, true, statement -> {
          statement.setString(1, Long.toString(Positions.tx(after)));
          statement.setInt(2, Positions.ordinal(after));
          statement.setInt(3, maxCount);
        });
    if (!page.isEmpty()) {
      saw(page.get(page.size() - 1).position());
    }
    return page;
  }

  /**
   * Reads a stream. Most streams are short: the first {@link #FETCH_SIZE} events come from one
   * plain statement (one round trip, no transaction); only a longer read goes on with a cursor.
   */
  List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount) {
    int first = Math.min(maxCount, FETCH_SIZE);
    List<RecordedEvent<?>> head = readStreamOnce(stream, from, first);
    if (head.size() < first || first == maxCount) {
      return head;
    }
    long next = head.get(head.size() - 1).version().value() + 1;
    List<RecordedEvent<?>> tail = readStreamOnce(stream, next, maxCount - first);
    if (tail.isEmpty()) {
      return head;
    }
    List<RecordedEvent<?>> all = new ArrayList<>(head.size() + tail.size());
    all.addAll(head);
    all.addAll(tail);
    return all;
  }

  private List<RecordedEvent<?>> readStreamOnce(StreamId stream, long from, int maxCount) {
    return query("readStream " + stream, names.readStreamSql, maxCount, false, statement -> {
      statement.setString(1, stream.value());
      statement.setLong(2, from);
      statement.setInt(3, maxCount);
    });
  }

  Version currentVersion(StreamId stream) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(names.currentVersionSql)) {
      customPlans(statement);
      statement.setString(1, stream.value());
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Version.of(row.getLong(1)) : Version.NONE;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("currentVersion " + stream, e);
    }
  }

  /**
   * Throws {@link IllegalArgumentException} if {@code after} is beyond the end of this store. A
   * position whose transaction id is at or beyond the next id the server will assign was never
   * handed out by this database: the checkpoint belongs to another database or a lost future
   * (a restore). Waiting for it would wait forever, silently; fail loudly instead. A position of
   * an assigned transaction passes, committed or not, visible or still behind the horizon: a
   * writer may subscribe after the position its own append just returned.
   */
  void checkNotAhead(GlobalPosition after) {
    if (after.value() <= known.get()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement =
            c.prepareStatement("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")) {
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        long next = Long.parseLong(row.getString(1));
        if (Positions.tx(after) >= next) {
          throw new IllegalArgumentException(
              "cannot subscribe after position " + after + ": it is beyond the end of this store"
                  + " and was never handed out by it (its transaction " + Positions.tx(after)
                  + " is not assigned yet; the server's next transaction id is " + next + ")."
                  + " The checkpoint belongs to another database, or this database was restored"
                  + " to an earlier state; the subscription would wait for events that can never"
                  + " come. Start from GlobalPosition.START or from a position this store"
                  + " returned.");
        }
        saw(after);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("readAll after " + after, e);
    }
  }

  /**
   * Plans the statement for each execution instead of caching a generic plan on the server: a plan
   * cached while the tables are small is a sequential scan, kept until the next ANALYZE, which would
   * make every read of a young store scan the whole table. Planning costs microseconds.
   */
  static void customPlans(PreparedStatement statement) throws SQLException {
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs a read. With {@code prefix}, a row that cannot be read at all (an invalid stream id) after
   * good ones ends the page early (the next read starts at it and fails), so a subscription handles
   * every event before a bad one. Rows whose payload or metadata cannot be decoded come back raw.
   */
  private List<RecordedEvent<?>> query(
      String what, String sql, int maxCount, boolean prefix, Binder binder) {
    boolean cursor = maxCount > FETCH_SIZE;
    try (Connection c = dataSource.getConnection()) {
      if (cursor) {
        c.setAutoCommit(false);
      }
      try (PreparedStatement statement = c.prepareStatement(sql)) {
        customPlans(statement);
        binder.bind(statement);
        if (cursor) {
          statement.setFetchSize(FETCH_SIZE);
        }
        List<RecordedEvent<?>> events = new ArrayList<>(Math.min(maxCount, FETCH_SIZE));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            try {
              events.add(decode(rows, events.isEmpty() ? null : events.get(events.size() - 1)));
            } catch (EventStoreException e) {
              if (!prefix || events.isEmpty()) {
                throw e;
              }
              break;
            }
          }
        }
        if (cursor) {
          c.commit();
          c.setAutoCommit(true);
        }
        return events;
      } catch (RuntimeException | SQLException e) {
        if (cursor) {
          try {
            c.rollback();
            c.setAutoCommit(true);
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

  /** Index of the stream id among {@link SchemaNames#EVENT_COLUMNS}. */
  static final int STREAM_ID = 3;

  /** The number of {@link SchemaNames#EVENT_COLUMNS}. */
  static final int COLUMNS = 12;

  /** Decodes a row of {@link SchemaNames#EVENT_COLUMNS}: see {@link EventRows#decode}. */
  RecordedEvent<?> decode(ResultSet row, @Nullable RecordedEvent<?> previous)
      throws SQLException {
    return rows.decode(row, previous);
  }

  /** An event's stored data and metadata, as text. */
  record StoredText(String data, String metadata) {}

  /**
   * The stored data (JSON text, or a binary payload as {@link EventRows#binaryText}) and metadata
   * of the event at {@code position}, for the raw envelope of an event whose upcaster failed after
   * it was decoded; empty if it is not there.
   */
  Optional<StoredText> storedText(GlobalPosition position) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement("SELECT data::text, metadata::text,"
            + " codec, binary_data FROM " + names.qualified("events")
            + " WHERE tx = CAST(? AS xid8) AND ordinal = ?")) {
      statement.setString(1, Long.toString(Positions.tx(position)));
      statement.setInt(2, Positions.ordinal(position));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String data = row.getString(1);
        return Optional.of(new StoredText(
            data != null ? data : EventRows.binaryText(row.getString(3), row.getBytes(4)),
            row.getString(2)));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("reading the stored text of the event at " + position, e);
    }
  }
}
