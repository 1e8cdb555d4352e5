package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads streams and the global log. Rows are fetched in chunks (a server-side cursor) and decoded
 * one by one, so a large page is never held twice in memory. The global log read is one statement
 * that applies the transaction-id horizon itself: only rows whose transaction id is below the
 * snapshot's xmin, i.e. rows no still-running transaction can precede. Thread-safe.
 */
final class EventReader {
  private static final long OWN_WRITES_WAIT_NANOS = 500_000_000L;

  private final DataSource dataSource;
  private final SchemaNames names;
  private final EventRows rows;
  private final EventQuery query;
  private final StreamReader streams;
  private final PayloadReader payloads;
  private final LogQueries queries;
  /** The highest position known to exist or be reachable: reads after it need no ahead-check. */
  private final AtomicLong known = new AtomicLong();
  /** The last position this store committed. */
  private final AtomicLong appended = new AtomicLong();

  EventReader(DataSource dataSource, SchemaNames names, Codecs codecs) {
    this.dataSource = dataSource;
    this.names = names;
    this.rows = new EventRows(names, codecs, codecs.metadata());
    this.query = new EventQuery(dataSource, rows);
    this.streams = new StreamReader(dataSource, names, query);
    this.payloads = new PayloadReader(names, query, codecs, streams);
    this.queries = new LogQueries(names, query);
  }

  /** The reads of event rows with this reader's decoding, for the filtered log reads. */
  EventQuery query() {
    return query;
  }

  /** The stream reads, which share this reader's decoding. */
  StreamReader streams() {
    return streams;
  }

  /** The log queries: backwards, by time, by correlation id. */
  LogQueries queries() {
    return queries;
  }

  /** The payload reads for folding, which share this reader's decoding. */
  PayloadReader payloads() {
    return payloads;
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
    List<RecordedEvent<?>> page = query.list("readAll after " + after, names.readAllSql,
        names.logPlans, maxCount, true, statement -> {
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
            + " codec, binary_data FROM " + names.qualified("event_log")
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
