package dev.eventcore.examples.readmodel.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One JDBC batch of one statement: rows are added in order and sent together, in one round trip,
 * by {@link #execute()}. The table read models write a batch of events with one or two of these
 * instead of one statement per event.
 */
final class SqlBatch implements AutoCloseable {
  private final PreparedStatement statement;
  private int rows;

  SqlBatch(Connection connection, String sql) throws SQLException {
    this.statement = connection.prepareStatement(sql);
  }

  /** Adds a row with {@code args} bound in order. */
  void add(Object... args) throws SQLException {
    bind(statement, args);
    statement.addBatch();
    rows++;
  }

  /** Sends the rows added since the last call, if any. */
  void execute() throws SQLException {
    if (rows > 0) {
      statement.executeBatch();
      rows = 0;
    }
  }

  @Override
  public void close() throws SQLException {
    statement.close();
  }

  /** Binds {@code args} to {@code statement}'s parameters; an {@link Instant} as UTC time. */
  static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      statement.setObject(i + 1,
          arg instanceof Instant ? OffsetDateTime.ofInstant((Instant) arg, ZoneOffset.UTC) : arg);
    }
  }
}
