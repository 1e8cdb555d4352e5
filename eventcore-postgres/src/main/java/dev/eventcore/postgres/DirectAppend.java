package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The direct path for the most common append, events to one stream: a single INSERT statement that
 * locks the stream, checks the expected version and writes the events, without the {@code
 * append_batch} function. For an exact expected version (or no stream) it reads no version: the
 * events take the versions after the expected one, and a probe checks that the expected version
 * exists; for any other expectation it reads the stream's greatest version. It writes only when
 * nothing is in the way; when the expected version does not match, when some event id is already
 * stored, or when a concurrent writer took the version it read (its snapshot predates the lock it
 * waited for), it writes nothing and the caller runs {@code append_batch}, which decides exactly (a
 * version miss, an idempotent retry, a duplicate id) on a fresh read under the lock.
 *
 * <p>It must run in autocommit mode: its events take ordinals from 0, which holds only for a
 * transaction of its own (and a failed statement must not abort a caller's transaction).
 *
 * <p>Why it is safe: the statement takes the same advisory lock as the function before its insert,
 * and the unique (stream_id, version) constraint rejects any row whose version was taken since its
 * snapshot, so versions stay gapless and each stream's events stay in transaction-id order.
 */
final class DirectAppend {

  // [exact][several]: the statements for an exact expected version (or no stream) and for any
  // other expectation, each for one event and for several
  private final String[][] sql = new String[2][2];
  private final SchemaNames names;
  private final Codecs codecs;
  /** The store writes the JSON codec: V6's statements, without the codec columns. */
  private final boolean plain;

  DirectAppend(SchemaNames names, Codecs codecs) {
    this.names = names;
    this.codecs = codecs;
    this.plain = codecs.writesPlainJson();
    String events = names.qualified("events");
    String lock = "pg_advisory_xact_lock(hashtextextended(p.s, 0)) AS l";
    // an exact expectation (0 for no stream) needs no version read: the events take the versions
    // after it, the unique constraint rejects them if the stream moved on, and a probe for the
    // expected version itself rejects a stream that is not there yet
    String exact = " CROSS JOIN LATERAL (SELECT " + lock + ", p.x AS v) c";
    String exactCheck = " WHERE p.x = 0 OR EXISTS (SELECT 1 FROM " + events + " e"
        + " WHERE e.stream_id = p.s AND e.version = p.x)";
    String read = " CROSS JOIN LATERAL (SELECT " + lock + ", coalesce((SELECT max(e.version)"
        + " FROM " + events + " e WHERE e.stream_id = p.s), 0) AS v) c";
    String readCheck = " WHERE p.x = -1 OR (p.x = -2 AND c.v > 0) OR p.x = c.v";
    sql[0][0] = oneEvent(events, read, readCheck);
    sql[0][1] = events(events, read, readCheck);
    sql[1][0] = oneEvent(events, exact, exactCheck);
    sql[1][1] = events(events, exact, exactCheck);
  }

  private String insert(String events) {
    return "INSERT INTO " + events
        + " (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata"
        + (plain ? ")" : ", codec, binary_data)");
  }

  /** One event: conflicting rows are skipped, not raised (no ERROR in the server's log). */
  private String oneEvent(String events, String version, String check) {
    // parameters in text order: stream, expected version code, then the event's fields (and the
    // codec's column value and binary payload)
    return insert(events) + " SELECT pg_current_xact_id(), 0, p.s, c.v + 1, p.id, p.type,"
        + " p.revision, p.data::jsonb, p.meta::jsonb"
        + (plain ? "" : ", p.codec, coalesce(p.bin, '\\x'::bytea)")
        + " FROM (SELECT ?::text AS s, ?::bigint AS x,"
        + " ?::uuid AS id, ?::text AS type, ?::int AS revision, ?::text AS data, ?::text AS meta"
        + (plain ? "" : ", ?::text AS codec, ?::bytea AS bin") + ") p"
        + version + check + " ON CONFLICT DO NOTHING RETURNING (tx::text)::bigint, version";
  }

  /** Several events: a conflict must fail the whole statement (skipping would write some). */
  private String events(String events, String version, String check) {
    // parameters in text order: stream, expected version code, (the codec's column value,) then
    // the arrays
    return "WITH w AS (" + insert(events)
        + " SELECT pg_current_xact_id(), n.i - 1, p.s, c.v + n.i, n.id, n.type, n.revision,"
        + " n.data::jsonb, n.meta::jsonb"
        + (plain ? "" : ", p.codec, coalesce(n.bin, '\\x'::bytea)")
        + " FROM (SELECT ?::text AS s, ?::bigint AS x" + (plain ? "" : ", ?::text AS codec")
        + ") p" + version
        + " CROSS JOIN unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[]"
        + (plain ? ")" : ", ?::bytea[])")
        + " WITH ORDINALITY AS n(id, type, revision, data, meta" + (plain ? "" : ", bin")
        + ", i)" + check
        + " RETURNING tx, version)"
        + " SELECT max((tx::text)::bigint), max(version), count(*) FROM w";
  }

  /**
   * Binds an append's per-event arrays from parameter {@code at} on, in the order the direct
   * statements take them: ids, types, revisions, JSON payloads, metadata, and the binary payloads
   * unless the store writes plain JSON.
   */
  static void bindEvents(PreparedStatement statement, int at, UUID[] ids, String[] types,
      AppendWriter.Encoded encoded, boolean plain) throws SQLException {
    statement.setObject(at, ids);
    statement.setObject(at + 1, types);
    statement.setObject(at + 2, encoded.revisions());
    statement.setObject(at + 3, encoded.data());
    statement.setObject(at + 4, encoded.metadata());
    if (!plain) {
      statement.setObject(at + 5,
          encoded.binary() == null ? new byte[ids.length][] : encoded.binary());
    }
  }

  /** Whether {@code append} can take the direct path: events to exactly one stream. */
  static boolean applies(PreparedAppend append) {
    return append.streams().size() == 1 && append.eventCount() > 0;
  }

  /**
   * Writes the append if nothing is in the way, on {@code connection} in autocommit mode (so the
   * statement is its own transaction and its events take ordinals from 0).
   *
   * @return the result, or null if nothing was written and {@code append_batch} must decide
   */
  @Nullable AppendResult write(Connection connection, AppendWriter.Encoded encoded)
      throws SQLException {
    PreparedStream part = encoded.append().streams().get(0);
    List<PreparedEvent> events = part.events();
    int count = events.size();
    long expected = ExpectedVersionCode.of(part.expected());
    String statementSql = sql[expected >= 0 ? 1 : 0][count == 1 ? 0 : 1];
    try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
      statement.setString(1, names.key(part.stream()));
      statement.setLong(2, expected);
      if (count == 1) {
        PreparedEvent event = events.get(0);
        statement.setObject(3, event.id().value());
        statement.setString(4, event.type());
        statement.setInt(5, encoded.revisions()[0]);
        statement.setString(6, encoded.data()[0]);
        statement.setString(7, encoded.metadata()[0]);
        if (!plain) {
          statement.setString(8, codecs.writerColumn());
          statement.setBytes(9, encoded.binary() == null ? null : encoded.binary()[0]);
        }
      } else {
        UUID[] ids = new UUID[count];
        String[] types = new String[count];
        for (int i = 0; i < count; i++) {
          ids[i] = events.get(i).id().value();
          types[i] = events.get(i).type();
        }
        int at = 3;
        if (!plain) {
          statement.setString(at++, codecs.writerColumn());
        }
        bindEvents(statement, at, ids, types, encoded, plain);
      }
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next() || (count > 1 && row.getLong(3) == 0)) {
          return null; // nothing written: the expected version or a conflict is in the way
        }
        long tx = row.getLong(1);
        long version = row.getLong(2);
        long base = Positions.of(tx, 0);
        return new AppendResult(Map.of(part.stream(), Version.of(version)),
            GlobalPosition.of(base), GlobalPosition.of(base | (count - 1)));
      }
    } catch (SQLException e) {
      if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }
}
