package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.StaleCheckpointException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Projection checkpoints in the store's {@code checkpoints} table, one row per projection, with
 * the rules of {@link CheckpointStore}: a save is one compare-and-set statement on the revision,
 * fenced by the writer's lease token.
 *
 * <pre>{@code
 * CheckpointStore checkpoints = PostgresCheckpointStore.of(store);
 * ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
 *     .lease(PostgresProjectionLease.of(store, Duration.ofSeconds(10))).build();
 * }</pre>
 *
 * <p>Thread-safe. SQL failures surface as {@code EventStoreException}s translated by SQLSTATE.
 *
 * @since 0.1.0
 */
public final class PostgresCheckpointStore implements CheckpointStore {
  private final DataSource dataSource;
  private final SchemaNames names;
  private final String loadSql;
  private final String insertSql;
  private final String updateSql;

  private PostgresCheckpointStore(DataSource dataSource, SchemaNames names) {
    this.dataSource = dataSource;
    this.names = names;
    String table = names.qualified("checkpoints");
    this.loadSql = "SELECT position, revision, fencing_token FROM " + table + " WHERE projection = ?";
    this.insertSql = "INSERT INTO " + table + " (projection, position, revision, fencing_token)"
        + " VALUES (?, ?, 1, ?) ON CONFLICT (projection) DO NOTHING";
    this.updateSql = "UPDATE " + table + " SET position = ?, revision = revision + 1,"
        + " fencing_token = ?, updated_at = now()"
        + " WHERE projection = ? AND revision = ? AND fencing_token <= ?";
  }

  /** The checkpoints kept in {@code store}'s schema (installed by its migration). */
  public static PostgresCheckpointStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresCheckpointStore(store.dataSource(), SchemaNames.of(store));
  }

  @Override
  public Checkpoint load(String projection) {
    Objects.requireNonNull(projection, "projection");
    try (Connection c = dataSource.getConnection()) {
      return load(c, projection);
    } catch (SQLException e) {
      throw SqlErrors.translate("loading the checkpoint of " + projection, e);
    }
  }

  @Override
  public Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(position, "position");
    requireToken(fencingToken);
    try (Connection c = dataSource.getConnection()) {
      return save(c, expected, position, fencingToken);
    } catch (SQLException e) {
      throw SqlErrors.translate("saving the checkpoint of " + expected.projection(), e);
    }
  }

  /** Loads on {@code c} (inside the caller's transaction, if any). */
  Checkpoint load(Connection c, String projection) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(loadSql)) {
      statement.setString(1, names.key(projection));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Checkpoint.initial(projection);
        }
        return new Checkpoint(
            projection, GlobalPosition.of(row.getLong(1)), row.getLong(2), row.getLong(3));
      }
    }
  }

  /**
   * The compare-and-set on {@code c}: part of the caller's transaction when autocommit is off.
   *
   * @throws StaleCheckpointException if another writer saved since {@code expected}
   */
  Checkpoint save(Connection c, Checkpoint expected, GlobalPosition position, long fencingToken)
      throws SQLException {
    requireToken(fencingToken);
    int written;
    if (expected.revision() == 0) {
      try (PreparedStatement statement = c.prepareStatement(insertSql)) {
        statement.setString(1, names.key(expected.projection()));
        statement.setLong(2, position.value());
        statement.setLong(3, fencingToken);
        written = statement.executeUpdate();
      }
    } else {
      try (PreparedStatement statement = c.prepareStatement(updateSql)) {
        statement.setLong(1, position.value());
        statement.setLong(2, fencingToken);
        statement.setString(3, names.key(expected.projection()));
        statement.setLong(4, expected.revision());
        statement.setLong(5, fencingToken);
        written = statement.executeUpdate();
      }
    }
    if (written != 1) {
      throw new StaleCheckpointException(expected, load(c, expected.projection()), fencingToken);
    }
    return expected.next(position, fencingToken);
  }

  private static void requireToken(long fencingToken) {
    if (fencingToken < 1) {
      throw new IllegalArgumentException("fencingToken must be >= 1 but was " + fencingToken);
    }
  }

  @Override
  public String toString() {
    return "PostgresCheckpointStore[" + loadSql.substring(loadSql.indexOf(" FROM ") + 6,
        loadSql.indexOf(" WHERE ")) + "]";
  }
}
