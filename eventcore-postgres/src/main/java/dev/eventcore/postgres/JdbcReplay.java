package dev.eventcore.postgres;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.projection.DeadLetterStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A {@link JdbcProjection}'s replay of one dead-lettered stored event, in a transaction of its own
 * beside the projection's batch: the handler's writes, the removal of the event's letters (when
 * the dead-letter store is a {@link PostgresDeadLetterStore} on the same connections) and the
 * checkpoint, its position unchanged, compare-and-set and fenced by the lease token, commit
 * together or not at all.
 */
final class JdbcReplay {
  private final String name;
  private final JdbcBatchHandler handler;
  private final DataSource dataSource;
  private final PostgresCheckpointStore checkpoints;

  JdbcReplay(String name, JdbcBatchHandler handler, PostgresEventStore store) {
    this.name = name;
    this.handler = handler;
    this.dataSource = store.dataSource();
    this.checkpoints = PostgresCheckpointStore.of(store);
  }

  /**
   * Writes {@code events} and commits them with the letters' removal and the checkpoint.
   *
   * @throws Exception what the handler threw, or the commit's failure: nothing was committed
   */
  Checkpoint replay(List<RecordedEvent<?>> events, Checkpoint stored, long fencingToken,
      DeadLetterStore deadLetters) throws Exception {
    GlobalPosition at = events.get(0).position();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit(); // restored: the connection goes back as it came
      c.setAutoCommit(false);
      try {
        try {
          handler.handle(List.copyOf(events), c);
        } catch (Exception e) {
          throw BatchFault.cause(e);
        }
        if (deadLetters instanceof PostgresDeadLetterStore letters
            && letters.sharesConnectionsWith(dataSource)) {
          letters.remove(c, name, at);
        }
        Checkpoint next = checkpoints.save(c, stored, stored.position(), fencingToken);
        c.commit();
        return next;
      } catch (Exception e) {
        rollback(c, e);
        throw e instanceof SQLException sql
            ? SqlErrors.translate("projection " + name + ": replaying the event at " + at, sql)
            : e;
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      // the connection is gone: closing it is all that is left
    }
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
