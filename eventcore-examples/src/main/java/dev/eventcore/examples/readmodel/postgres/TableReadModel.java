package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreFailureException;
import dev.eventcore.postgres.JdbcProjection;
import dev.eventcore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The base of the table read models: creates the table (if missing) in the given schema, builds
 * the {@link JdbcProjection} that writes it (exactly once: rows and checkpoint commit together),
 * and runs the queries on the caller's data source. Every write is an idempotent upsert guarded by
 * the event's global position, so applying an event twice changes nothing. The projection hands
 * over its events in batches, and each model writes a batch with one or two JDBC batches (one
 * round trip each) rather than a statement per event.
 */
abstract class TableReadModel {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String name;
  private final DataSource dataSource;
  private final JdbcProjection projection;
  /** The quoted, schema-qualified table name. */
  final String table;

  TableReadModel(PostgresEventStore store, DataSource dataSource, String schema, String name,
      EventFilter filter, String tableName, String columns, String... indexes) {
    Objects.requireNonNull(store, "store");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(schema, "schema");
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("invalid schema '" + schema
          + "': use [a-z_][a-z0-9_]*, at most 63 characters");
    }
    this.name = name;
    this.table = "\"" + schema + "\"." + tableName;
    try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
      for (int i = 0; i < indexes.length; i++) {
        statement.execute("CREATE INDEX IF NOT EXISTS " + tableName + "_" + (i + 1) + " ON "
            + table + " (" + indexes[i] + ")");
      }
    } catch (SQLException e) {
      throw new StoreFailureException("creating the table " + table + " of " + name + ": "
          + e.getMessage(), e);
    }
    this.projection = JdbcProjection.builder(name, store)
        .filter(filter)
        .batchHandler(this::apply)
        .reset(connection -> update(connection, "DELETE FROM " + table))
        .build();
  }

  /**
   * The projection that keeps the table: register it with a {@code ProjectionRunner} over a
   * {@code PostgresCheckpointStore} of the same store.
   */
  public final JdbcProjection projection() {
    return projection;
  }

  /**
   * Writes the changes of {@code events}, in log order, with {@code connection} (the projection's
   * transaction), in one or a few JDBC batches.
   */
  abstract void apply(List<RecordedEvent<?>> events, Connection connection) throws SQLException;

  /** Runs {@code sql} with {@code args} on {@code connection}; the number of rows changed. */
  static int update(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      SqlBatch.bind(statement, args);
      return statement.executeUpdate();
    }
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The rows {@code sql} with {@code args} selects, read by {@code row}. */
  final <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      SqlBatch.bind(statement, args);
      List<T> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(row.read(rows));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new StoreFailureException("querying " + name + " (" + table + "): " + e.getMessage(), e);
    }
  }

  /** The single value {@code sql} selects (an aggregate such as a count). */
  final long queryLong(String sql, Object... args) {
    return query(sql, rows -> rows.getLong(1), args).get(0);
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    return row.getObject(column, OffsetDateTime.class).toInstant();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + table + "]";
  }
}
