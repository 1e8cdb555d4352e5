package dev.eventcore.benchmarks.jdbc;

import dev.eventcore.benchmarks.events.Payloads;
import dev.eventcore.benchmarks.harness.Worker;
import dev.eventcore.benchmarks.harness.WorkerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The raw read probes: one streaming SELECT (autocommit off, fetch size {@value #FETCH_SIZE}) of
 * the event rows, either decoded into {@link RawRow} records with the shared Jackson mapper (from
 * the rows' bytes, the time as epoch microseconds: the fastest decoding plain JDBC allows), or
 * undecoded (columns read as text, no JSON parsing). Decoded rows are collected in pages of the
 * fetch size, as a reader that hands out lists would.
 */
public final class RawReads {
  /** Rows per fetch. */
  public static final int FETCH_SIZE = 1_000;

  // recorded_at as epoch microseconds, computed by the server as the library does (parsing the
  // timestamp's text on the client would make this baseline slower than need be)
  private static final String COLUMNS =
      "position, stream_id, version, event_id, type, data, metadata,"
          + " (date_part('epoch', recorded_at) * 1000000)::bigint";
  private static final String BY_STREAM =
      "SELECT " + COLUMNS + " FROM " + RawProbes.TABLE + " WHERE stream_id = ? ORDER BY version";
  private static final String BY_POSITION =
      "SELECT " + COLUMNS + " FROM " + RawProbes.TABLE + " WHERE position > ? ORDER BY position LIMIT ?";

  private static final int[] TEXT_COLUMNS = {2, 4, 5, 6, 7, 8};

  private final Database database;

  /** Reads on {@code database}. */
  public RawReads(Database database) {
    this.database = database;
  }

  /** Each operation reads the whole of {@code stream}, in version order. */
  public WorkerFactory readStream(String stream, boolean decode) {
    return context -> reader(BY_STREAM, decode, statement -> statement.setString(1, stream));
  }

  /** Each operation reads {@code count} rows after {@code afterPosition}, in position order. */
  public WorkerFactory replay(long afterPosition, int count, boolean decode) {
    return context -> reader(BY_POSITION, decode, statement -> {
      statement.setLong(1, afterPosition);
      statement.setInt(2, count);
    });
  }

  private Worker reader(String sql, boolean decode, Binder binder) throws SQLException {
    Connection connection = database.connect();
    connection.setAutoCommit(false);
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setFetchSize(FETCH_SIZE);
    binder.bind(statement);
    return new Worker() {
      @Override
      public long step(long seq) throws Exception {
        long count;
        try (ResultSet rows = statement.executeQuery()) {
          count = decode ? decoded(rows) : undecoded(rows);
        }
        connection.commit();
        return count;
      }

      @Override
      public void close() throws SQLException {
        statement.close();
        connection.close();
      }
    };
  }

  private static long decoded(ResultSet rows) throws SQLException {
    List<RawRow> page = new ArrayList<>(FETCH_SIZE);
    long count = 0;
    while (rows.next()) {
      String type = rows.getString(5);
      // JSON parsed from the row's UTF-8 bytes, no String in between (as the library does)
      Object payload = Payloads.MAPPER.readValue(rows.getBytes(6), Payloads.classOf(type));
      Map<String, String> metadata = Payloads.MAPPER.readValue(rows.getBytes(7), Payloads.METADATA_TYPE);
      page.add(new RawRow(rows.getLong(1), rows.getString(2), rows.getLong(3),
          rows.getObject(4, UUID.class), type, payload, metadata,
          Instant.EPOCH.plus(rows.getLong(8), ChronoUnit.MICROS)));
      if (page.size() == FETCH_SIZE) {
        count += page.size();
        page.clear();
      }
    }
    return count + page.size();
  }

  private static long undecoded(ResultSet rows) throws SQLException {
    long count = 0;
    long checksum = 0;
    while (rows.next()) {
      checksum += rows.getLong(1) + rows.getLong(3);
      for (int column : TEXT_COLUMNS) {
        checksum += rows.getString(column).length();
      }
      count++;
    }
    return checksum == Long.MIN_VALUE ? 0 : count;
  }

  /** Binds a read's parameters. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }
}
