package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.StreamId;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.spi.PreparedAppend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Deletions, restarts, truncations (V15's functions) and archiving (V17's) of streams. The first
 * deletion, truncation or archive of an
 * instance first makes sure the schema's append check is on, in a transaction of its own. A
 * deletion or a restart is then one transaction: the function that locks and checks the stream, the append of the tombstone or
 * of the new events ({@code append_in_transaction}, whose NOTIFY wakes every instance at commit),
 * and for a deletion the function that marks the stream and removes what a hard deletion removes.
 * The connection goes back to its pool in the mode it came in.
 */
final class PostgresDeletions {
  private final DataSource dataSource;
  private final AppendPath appends;
  private final String enableDeletion;
  private final SchemaNames names;
  private final String beginDeletion;
  private final String endDeletion;
  private final String beginRestart;
  private final String truncate;
  private final String enableArchive;
  private final String archive;
  private final String status;
  /** Whether this instance saw the append check on (it is never turned off). */
  private volatile boolean checkEnabled;

  PostgresDeletions(DataSource dataSource, SchemaNames names, AppendPath appends) {
    this.dataSource = dataSource;
    this.names = names;
    this.appends = appends;
    String q = "\"" + names.schema + "\"";
    this.enableDeletion = "SELECT " + q + ".enable_stream_deletion()";
    this.beginDeletion = "SELECT " + q + ".begin_stream_deletion(?, ?)";
    this.endDeletion = "SELECT " + q + ".end_stream_deletion(?, ?, ?)";
    this.beginRestart = "SELECT " + q + ".begin_stream_restart(?)";
    this.truncate = "SELECT " + q + ".truncate_stream(?, ?)";
    this.enableArchive = "SELECT " + q + ".enable_archive()";
    this.archive = "SELECT " + q + ".archive_stream(?, ?)";
    this.status = "SELECT (SELECT coalesce(max(e.version), 0) FROM " + q + ".events e"
        + " WHERE e.stream_id = ?), l.first_version, l.deletion FROM (SELECT 1) one"
        + " LEFT JOIN " + q + ".stream_lives l ON l.stream_id = ?";
  }

  /** A step of a transaction that may throw the store's exceptions and SQL's. */
  private interface Step<T> {
    T run(Connection connection) throws SQLException;
  }

  AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    StreamId stream = tombstone.streams().get(0).stream();
    enableCheck(enableDeletion, "deletion of stream " + stream);
    return inTransaction("deletion of stream " + stream, c -> {
      call(c, beginDeletion, names.key(stream), deletion.name());
      AppendResult written = appends.appendIn(c, tombstone);
      Version version = written.versions().get(stream);
      try (PreparedStatement end = c.prepareStatement(endDeletion)) {
        end.setString(1, names.key(stream));
        end.setString(2, deletion.name());
        end.setLong(3, version == null ? 0 : version.value());
        end.execute();
      }
      return written;
    });
  }

  /**
   * Turns the schema's append check on unless this instance saw it on (once per schema; afterwards
   * a catalog look-up), in a transaction of its own committed before the operation's: see {@code
   * enable_stream_deletion}.
   */
  private void enableCheck(String sql, String what) {
    if (checkEnabled) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.execute();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      checkEnabled = true;
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  AppendResult restart(PreparedAppend append) {
    StreamId stream = append.streams().get(0).stream();
    return inTransaction("restart of stream " + stream, c -> {
      call(c, beginRestart, names.key(stream), null);
      return appends.appendIn(c, append);
    });
  }

  long truncate(StreamId stream, long keepFrom) {
    String what = "truncation of stream " + stream + " before " + keepFrom;
    enableCheck(enableDeletion, what);
    return count(truncate, stream, keepFrom, what);
  }

  long archive(StreamId stream, long before) {
    String what = "archiving of stream " + stream + " before " + before;
    enableCheck(enableArchive, what);
    return count(archive, stream, before, what);
  }

  /** Calls a function of (stream, version) returning a count, in a transaction of its own. */
  private long count(String sql, StreamId stream, long version, String what) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      boolean autoCommit = c.getAutoCommit();
      statement.setString(1, names.key(stream));
      statement.setLong(2, version);
      long count;
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        count = row.getLong(1);
      } catch (SQLException e) {
        if (!autoCommit) {
          c.rollback();
        }
        throw e;
      }
      if (!autoCommit) {
        c.commit();
      }
      return count;
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e);
    }
  }

  StreamStatus status(StreamId stream) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(status)) {
      statement.setString(1, names.key(stream));
      statement.setString(2, names.key(stream));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        Version version = Version.of(row.getLong(1));
        long first = row.getLong(2);
        String deletion = row.getString(3);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return first == 0 ? StreamStatus.live(stream, version) : new StreamStatus(stream, version,
            Version.of(first), Optional.ofNullable(deletion).map(Deletion::valueOf));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("status of stream " + stream, e);
    }
  }

  private static void call(Connection c, String sql, String first, @Nullable String second)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, first);
      if (second != null) {
        statement.setString(2, second);
      }
      statement.execute();
    }
  }

  /** Runs {@code step} in a transaction of its own, committed when it returns. */
  private <T> T inTransaction(String what, Step<T> step) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        T result = step.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        if (autoCommit) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(what, e, true);
    }
  }
}
