package dev.eventcore.postgres;

import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code EventStore.streams} on PostgreSQL. Each stream's first event (version 1) is in the partial
 * index {@code events_stream_first_idx} on {@code stream_id COLLATE "C"} (V9): a page of stream ids
 * is a range scan of it, bounded by the query's prefix and category and started after its cursor,
 * and each listed stream's last event is one backward look-up in {@code (stream_id, version)}.
 * The cost grows with the page, not with the store: about half a millisecond for 100 streams of a
 * 100,000-event store (EXPLAIN ANALYZE; {@code StreamListingPlanTest} checks the plan). A stream
 * whose version-1 event was removed (a truncation, a hard deletion) comes from {@code
 * stream_lives} instead, in a second range of the same order (V15).
 */
final class StreamListing {
  private static final String C = " COLLATE \"C\"";

  private StreamListing() {}

  /** The streams {@code query} selects. */
  static List<StreamInfo> list(DataSource dataSource, SchemaNames names, StreamQuery query) {
    String lower = lowerBound(query);
    Optional<String> upper = upperBound(query);
    if (upper.isPresent() && compare(lower, upper.get()) >= 0) {
      return List.of(); // prefix and category exclude each other
    }
    // a tenant's keys sort between its prefix and the prefix's successor (byte order)
    Optional<String> stored = upper.isPresent() ? upper.map(names::key) : names.keysEnd();
    String sql = sql(names, stored.isPresent(), query.category().isPresent());
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      int i = 1;
      for (int branch = 0; branch < 2; branch++) {
        statement.setString(i++, names.key(lower));
        if (stored.isPresent()) {
          statement.setString(i++, stored.get());
        }
        statement.setString(i++, names.key(query.after().map(StreamId::value).orElse("")));
        if (query.category().isPresent()) {
          statement.setString(i++, names.key(query.category().get()));
          statement.setString(i++, names.key(query.category().get() + "-"));
        }
        statement.setInt(i++, query.limit());
      }
      statement.setInt(i, query.limit());
      List<StreamInfo> out = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          out.add(new StreamInfo(names.streamId(row.getString(1)),
              Version.of(row.getLong(2)), EventRows.recordedAt(row.getLong(3))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.translate("listing streams", e);
    }
  }

  /**
   * The statement: the lower bound and the cursor always, the upper bound and the category if any.
   * A prefix is exactly its bounds (every text from the prefix up to its {@link #successor} starts
   * with it); a category {@code c} is its bounds {@code [c, c.)} less the ids between {@code c} and
   * {@code c-}. No other filter: with one, the planner's generic plan (which the server switches to
   * after five executions) estimated a few rows and chose a bitmap scan and a sort of every match.
   */
  static String sql(SchemaNames names, boolean upper, boolean category) {
    // a stream is found by its version-1 event, hot or archived; its last event is always hot
    String log = names.qualified("event_log");
    String events = names.qualified("events");
    return "SELECT f.stream_id, l.version, l.recorded_at FROM ("
        + "(SELECT h.stream_id FROM " + log + " h WHERE h.version = 1" + bounds("h", upper, category)
        + " ORDER BY h.stream_id" + C + " LIMIT ?)"
        // a stream whose version-1 event a truncation or a hard deletion removed
        + " UNION ALL (SELECT s.stream_id FROM " + names.qualified("stream_lives") + " s"
        + " WHERE s.first_version > 1" + bounds("s", upper, category)
        + " AND NOT EXISTS (SELECT 1 FROM " + log + " v WHERE v.stream_id = s.stream_id"
        + " AND v.version = 1) ORDER BY s.stream_id" + C + " LIMIT ?)) f"
        + " CROSS JOIN LATERAL (SELECT e.version, " + SchemaNames.RECORDED_AT_MICROS
        + " AS recorded_at FROM " + events + " e WHERE e.stream_id = f.stream_id"
        + " ORDER BY e.version DESC LIMIT 1) l"
        + " ORDER BY f.stream_id" + C + " LIMIT ?";
  }

  /** The bounds on {@code alias.stream_id}: the lower bound and the cursor, the upper and the category if any. */
  private static String bounds(String alias, boolean upper, boolean category) {
    String id = " AND " + alias + ".stream_id";
    return id + C + " >= ?" + (upper ? id + C + " < ?" : "") + id + C + " > ?"
        + (category ? " AND (" + alias + ".stream_id = ? OR " + alias + ".stream_id" + C + " >= ?)"
            : "");
  }

  /** The least id the query can list: its prefix or its category, whichever sorts later. */
  private static String lowerBound(StreamQuery query) {
    String lower = query.prefix();
    String category = query.category().orElse("");
    return compare(category, lower) > 0 ? category : lower;
  }

  /** An id every listed one sorts before, if the query has a prefix or a category. */
  private static Optional<String> upperBound(StreamQuery query) {
    Optional<String> prefix = successor(query.prefix());
    // "c" and every "c-..." sort before "c.": '.' follows '-'
    Optional<String> category = query.category().flatMap(c -> successor(c + "-"));
    if (prefix.isPresent() && category.isPresent()) {
      return compare(prefix.get(), category.get()) <= 0 ? prefix : category;
    }
    return prefix.isPresent() ? prefix : category;
  }

  /**
   * The least text after every text that starts with {@code prefix}, in code point order: the
   * prefix with its last code point raised by one (a maximal one dropped first); empty when there
   * is none (an empty prefix, or only U+10FFFF).
   */
  static Optional<String> successor(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1; // surrogates are no characters
      }
      if (next <= Character.MAX_CODE_POINT) {
        return Optional.of(new String(codePoints, 0, i) + Character.toString(next));
      }
    }
    return Optional.empty();
  }

  /** Code point order: the byte order of UTF-8, PostgreSQL's "C" collation. */
  private static int compare(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
