package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.Checkpoint;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open transaction of one {@link JdbcProjection}: its connection, begun on first use, how many
 * events are pending in it, and why it was lost, if it was. Once lost, it refuses work until
 * {@link #rollbackQuietly} (the runner then resumes from the stored checkpoint), so no event is
 * ever written into a fresh transaction behind a rolled-back one. Not thread-safe: guarded by the
 * projection's lock.
 */
final class ProjectionTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProjection.class);

  private final String name;
  private final DataSource dataSource;
  private @Nullable Connection connection;
  private boolean pending;
  private int events;
  private @Nullable RuntimeException lost;

  ProjectionTransaction(String name, DataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  /** The open connection, begun on first use. @throws IllegalStateException once lost */
  Connection connection() throws SQLException {
    if (lost != null) {
      throw new IllegalStateException("projection " + name + ": its transaction was lost (" + lost
          + "); the runner resumes it from the stored checkpoint", lost);
    }
    if (connection == null) {
      Connection c = dataSource.getConnection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  /** One more event was written; returns how many are pending now. */
  int eventWritten() {
    pending = true;
    return ++events;
  }

  /** A reset was written. */
  void resetWritten() {
    pending = true;
  }

  boolean pending() {
    return pending;
  }

  /** Marks the transaction lost: {@link #connection} refuses until it is rolled back. */
  void lose(RuntimeException why) {
    lost = why;
  }

  /** Why the transaction was lost, if it was. */
  @Nullable RuntimeException lost() {
    return lost;
  }

  /**
   * Saves the checkpoint compare-and-set and commits it with the pending writes. On failure the
   * whole transaction is rolled back and marked lost.
   */
  Checkpoint commit(PostgresCheckpointStore checkpoints, Checkpoint expected,
      GlobalPosition target, long fencingToken) {
    try {
      Connection c = connection();
      Checkpoint next = checkpoints.save(c, expected, target, fencingToken);
      c.commit();
      pending = false;
      events = 0;
      return next;
    } catch (SQLException | RuntimeException e) {
      RuntimeException failed = e instanceof SQLException sql
          ? SqlErrors.translate("committing projection " + name + " at " + target, sql)
          : (RuntimeException) e;
      rollbackQuietly();
      lost = failed;
      throw failed;
    }
  }

  /** Rolls back and closes the connection, if any; afterwards the transaction is usable again. */
  void rollbackQuietly() {
    Connection c = connection;
    connection = null;
    pending = false;
    events = 0;
    lost = null;
    if (c == null) {
      return;
    }
    try {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } finally {
        c.close();
      }
    } catch (SQLException e) {
      LOG.debug("projection {}: rollback failed (the connection is gone): {}", name, e.toString());
    }
  }
}
