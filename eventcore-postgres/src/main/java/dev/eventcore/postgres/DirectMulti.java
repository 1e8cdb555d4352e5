package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The direct path for a lone multi-stream append whose every stream expects an exact version (or
 * no stream) and receives events, as a command on several aggregates or a saga step with its
 * commands' events writes it: one INSERT statement that locks the streams in the order of their
 * lock keys, checks that each expected version exists and writes all events, without the {@code
 * append_batch} function (whose procedural work costs the server several times as much).
 *
 * <p>It writes all or nothing: when an expected version is missing it writes nothing, and when a
 * concurrent writer took a version or an event id is already stored, the unique constraints fail
 * the whole statement. Either way the caller runs {@code append_batch}, which decides exactly (a
 * version miss, an idempotent retry, a duplicate id) on a fresh read under the locks.
 *
 * <p>Why it is safe, as for {@link DirectAppend}: the locks are taken before the probe and before
 * the transaction id is assigned (the insert's rows are made only once the locked probe has
 * passed), so each stream's events stay in transaction-id order; the events take the versions after
 * the expected ones, and the unique (stream_id, version) constraint rejects any that another writer
 * took since the statement's snapshot. It must run in autocommit mode: the events take ordinals
 * from 0, which holds only for a transaction of its own.
 */
final class DirectMulti {

  private final String sql;
  private final SchemaNames names;
  private final Codecs codecs;
  private final boolean plain;

  DirectMulti(SchemaNames names, Codecs codecs) {
    this.names = names;
    this.codecs = codecs;
    this.plain = codecs.writesPlainJson();
    String events = names.qualified("events");
    // parameters in text order: the distinct streams (locks), the streams and their expected
    // versions (probe), the codec's column value unless plain, then the per-event arrays
    this.sql = "WITH l AS MATERIALIZED (SELECT count(pg_advisory_xact_lock(q.k)) AS n FROM"
        + " (SELECT DISTINCT hashtextextended(s, 0) AS k FROM unnest(?::text[]) AS s ORDER BY 1) q),"
        + " ok AS MATERIALIZED (SELECT l.n FROM l WHERE NOT EXISTS (SELECT 1 FROM"
        + " unnest(?::text[], ?::bigint[]) AS d(s, x) WHERE d.x > 0 AND NOT EXISTS"
        + " (SELECT 1 FROM " + events + " e WHERE e.stream_id = d.s AND e.version = d.x))),"
        + " w AS (INSERT INTO " + events
        + " (tx, ordinal, stream_id, version, event_id, type, revision, data, metadata"
        + (plain ? ")" : ", codec, binary_data)")
        + " SELECT pg_current_xact_id(), n.i - 1, n.s, n.v, n.id, n.type, n.revision,"
        + " n.data::jsonb, n.meta::jsonb" + (plain ? "" : ", ?::text, coalesce(n.bin, '\\x'::bytea)")
        + " FROM ok CROSS JOIN unnest(?::text[], ?::bigint[], ?::uuid[], ?::text[], ?::int[],"
        + " ?::text[], ?::text[]" + (plain ? ")" : ", ?::bytea[])")
        + " WITH ORDINALITY AS n(s, v, id, type, revision, data, meta" + (plain ? "" : ", bin")
        + ", i) RETURNING tx)"
        + " SELECT max((tx::text)::bigint), count(*) FROM w";
  }

  /**
   * Whether {@code append} can take this path: two or more streams, each expecting an exact
   * version or no stream, each with events.
   */
  static boolean applies(PreparedAppend append) {
    if (append.streams().size() < 2) {
      return false;
    }
    for (PreparedStream part : append.streams()) {
      if (part.events().isEmpty() || ExpectedVersionCode.of(part.expected()) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the append if nothing is in the way, on {@code connection} in autocommit mode.
   *
   * @return the result, or null if nothing was written and {@code append_batch} must decide
   */
  @Nullable AppendResult write(Connection connection, AppendWriter.Encoded encoded)
      throws SQLException {
    PreparedAppend append = encoded.append();
    List<PreparedStream> parts = append.streams();
    int count = append.eventCount();
    String[] lockStreams = new String[parts.size()];
    long[] expected = new long[parts.size()];
    String[] streams = new String[count];
    long[] versions = new long[count];
    UUID[] ids = new UUID[count];
    String[] types = new String[count];
    Map<StreamId, Version> written = new LinkedHashMap<>();
    int n = 0;
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      lockStreams[p] = names.key(part.stream());
      expected[p] = ExpectedVersionCode.of(part.expected());
      long version = expected[p];
      for (PreparedEvent event : part.events()) {
        streams[n] = lockStreams[p];
        versions[n] = ++version;
        ids[n] = event.id().value();
        types[n] = event.type();
        n++;
      }
      written.put(part.stream(), Version.of(version));
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int at = 1;
      statement.setObject(at++, lockStreams);
      statement.setObject(at++, lockStreams);
      statement.setObject(at++, expected);
      if (!plain) {
        statement.setString(at++, codecs.writerColumn());
      }
      statement.setObject(at++, streams);
      statement.setObject(at++, versions);
      DirectAppend.bindEvents(statement, at, ids, types, encoded, plain);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next() || row.getLong(2) != count) {
          return null; // nothing written: an expected version is missing
        }
        long base = Positions.of(row.getLong(1), 0);
        return new AppendResult(written, GlobalPosition.of(base),
            GlobalPosition.of(base | (count - 1)));
      }
    } catch (SQLException e) {
      if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return null; // a version or an id was taken: nothing of the statement stays
      }
      throw e;
    }
  }
}
