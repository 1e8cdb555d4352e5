package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Checkpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open transaction of one {@link JdbcProjection}: its connection, begun on first use, the
 * events (and reset) written in it, and why it was lost, if it was. Once lost, it refuses work
 * until {@link #rollbackQuietly} (the runner then resumes from the stored checkpoint), so no event
 * is ever written into a fresh transaction behind a rolled-back one. Not thread-safe: guarded by
 * the projection's lock.
 *
 * <p>Batches are written at commit; an event handled alone (after a batch failed at it) is written
 * at once, without a savepoint (two round trips each): when it throws, {@link #redo} rolls the
 * transaction back and writes the events pending in it again, so the failed event leaves nothing
 * behind and the others are still pending, once.
 */
final class ProjectionTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProjection.class);

  private final String name;
  private final DataSource dataSource;
  private @Nullable Connection connection;
  /** The connection's mode as its pool gave it, restored before it goes back. */
  private boolean autoCommit = true;
  private boolean pending;
  private boolean reset;
  private final List<RecordedEvent<?>> events = new ArrayList<>();
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
        autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  /** {@code event} was written; returns how many events are pending now. */
  int eventWritten(RecordedEvent<?> event) {
    pending = true;
    events.add(event);
    return events.size();
  }

  /** A reset was written. */
  void resetWritten() {
    pending = true;
    reset = true;
  }

  /**
   * After a handler failed on an event handled alone: rolls the transaction back and writes the
   * pending reset and events again with {@code handler}, as if the failed event had never been
   * handled. If that fails too, the transaction is lost (the failure is added to {@code cause}).
   */
  void redo(JdbcProjection.JdbcReset resetter, JdbcBatchHandler handler,
      Exception cause) {
    Connection c = connection;
    if (c == null || lost != null) {
      return;
    }
    try {
      c.rollback();
      if (reset) {
        resetter.reset(c);
      }
      if (!events.isEmpty()) {
        handler.handle(List.copyOf(events), c);
      }
    } catch (Exception e) {
      cause.addSuppressed(e);
      lose(e, "re-applying the pending events after a failed event");
    }
  }

  /** Rolls back what was written, keeping the connection (a probe while locating a failure). */
  void rollbackKeeping() throws SQLException {
    Connection c = connection;
    if (c != null) {
      c.rollback();
    }
  }

  /** Marks the transaction lost by {@code e}, raised by the runner's next commit. */
  void lose(Exception e, String doing) {
    lost = e instanceof SQLException sql
        ? SqlErrors.translate("projection " + name + ": " + doing, sql)
        : e instanceof RuntimeException runtime ? runtime
        : new IllegalStateException("projection " + name + ": " + doing + " failed: " + e, e);
  }

  boolean pending() {
    return pending;
  }

  /** Events written with {@link #eventWritten} since the last commit. */
  int written() {
    return events.size();
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
      reset = false;
      events.clear();
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
    reset = false;
    events.clear();
    lost = null;
    if (c == null) {
      return;
    }
    try {
      try {
        c.rollback();
        c.setAutoCommit(autoCommit);
      } finally {
        c.close();
      }
    } catch (SQLException e) {
      LOG.debug("projection {}: rollback failed (the connection is gone): {}", name, e.toString());
    }
  }
}
