package dev.eventcore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Raw JDBC helpers the tests use to act as another process would, outside the store. */
final class RawSql {
  private RawSql() {}

  /**
   * Calls the schema's append function for one Numbered event on {@code c} (in whatever transaction
   * state {@code c} is) and returns the event's position.
   */
  static long append(Connection c, String schema, String stream, UUID id, long n)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(
        "SELECT outcome, first_position FROM \"" + schema + "\".append_batch(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setArray(1, c.createArrayOf("int4", new Integer[] {1}));
      statement.setArray(2, c.createArrayOf("text", new String[] {stream}));
      statement.setArray(3, c.createArrayOf("int8", new Long[] {-1L}));
      statement.setArray(4, c.createArrayOf("int4", new Integer[] {1}));
      statement.setArray(5, c.createArrayOf("uuid", new UUID[] {id}));
      statement.setArray(6, c.createArrayOf("text", new String[] {"Numbered"}));
      statement.setArray(7, c.createArrayOf("int4", new Integer[] {1}));
      statement.setArray(8, c.createArrayOf("text", new String[] {"{\"n\":" + n + "}"}));
      statement.setArray(9, c.createArrayOf("text", new String[] {"{}"}));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        if (!"W".equals(row.getString(1))) {
          throw new IllegalStateException("raw append not written: " + row.getString(1));
        }
        return row.getLong(2);
      }
    }
  }

  static int backendPid(Connection c) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement("SELECT pg_backend_pid()");
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  /**
   * The deliberately naive reader: remembers the last position it saw and asks
   * for rows above it in insertion order, without the transaction-id horizon. It must be caught
   * losing events that commit out of order.
   */
  static final class NaiveReader implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement query;
    private long last;
    final List<UUID> seen = new ArrayList<>();

    NaiveReader(String schema) throws SQLException {
      connection = PostgresTestDatabase.connect();
      query = connection.prepareStatement(
          "SELECT (((tx::text)::bigint + 1) << 20) | ordinal, event_id FROM \"" + schema
              + "\".events WHERE (((tx::text)::bigint + 1) << 20) | ordinal > ? ORDER BY tx, ordinal");
    }

    /** Reads everything above the last position seen. */
    void poll() throws SQLException {
      query.setLong(1, last);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          last = rows.getLong(1);
          seen.add(rows.getObject(2, UUID.class));
        }
      }
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
