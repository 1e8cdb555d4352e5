package dev.eventcore.postgres;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.DeadLetterStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Dead letters in the store's {@code dead_letters} table, for {@code
 * ErrorPolicy.retryThenDeadLetter}: where each given-up event is and why. The payload is kept only
 * for a stored event that could not be decoded: its raw envelope ({@code DeadLetter.undecodable()}:
 * revision, stored data and metadata as JSON text, reason) in the {@code raw_*} columns.
 *
 * <pre>{@code
 * DeadLetterStore deadLetters = PostgresDeadLetterStore.of(store);
 * runner.register(projection, ErrorPolicy.retryThenDeadLetter(RetryPolicy.defaults(), deadLetters));
 * }</pre>
 *
 * <p>A {@link JdbcProjection} of the same store removes a replayed event's letters in the
 * transaction of its writes. Thread-safe. A failed insert throws, and the runner then stops the
 * projection at the event.
 *
 * @since 0.1.0
 */
public final class PostgresDeadLetterStore implements DeadLetterStore {
  private static final String COLUMNS = "stream_id, version, position, event_id, type, attempts,"
      + " error, failed_at, raw_revision, raw_data, raw_metadata, raw_reason";

  private final DataSource dataSource;
  private final SchemaNames names;
  private final String table;
  private final String insertSql;
  private final String updateSql;
  private final String selectSql;

  private PostgresDeadLetterStore(DataSource dataSource, SchemaNames names) {
    this.dataSource = dataSource;
    this.names = names;
    this.table = names.qualified("dead_letters");
    this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ", projection)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.updateSql = "UPDATE " + table + " SET stream_id = ?, version = ?, position = ?,"
        + " event_id = ?, type = ?, attempts = ?, error = ?, failed_at = ?, raw_revision = ?,"
        + " raw_data = ?, raw_metadata = ?, raw_reason = ?"
        + " WHERE projection = ? AND position = ? AND type = ?";
    this.selectSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE projection = ?";
  }

  /** The dead letters kept in {@code store}'s schema. */
  public static PostgresDeadLetterStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresDeadLetterStore(store.dataSource(), SchemaNames.of(store));
  }

  /** Updates the letter of the same event in place, or inserts it: one letter per event. */
  @Override
  public void add(DeadLetter letter) {
    Objects.requireNonNull(letter, "letter");
    try (Connection c = dataSource.getConnection()) {
      int updated;
      try (PreparedStatement update = c.prepareStatement(updateSql)) {
        bind(update, letter);
        update.setLong(14, letter.position().value());
        update.setString(15, letter.type());
        updated = update.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement insert = c.prepareStatement(insertSql)) {
          bind(insert, letter);
          insert.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("recording a dead letter of " + letter.projection(), e);
    }
  }

  @Override
  public List<DeadLetter> list(String projection) {
    Objects.requireNonNull(projection, "projection");
    return select(projection, "", null);
  }

  @Override
  public List<DeadLetter> find(String projection, GlobalPosition position) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(position, "position");
    return select(projection, " AND position = ?", position);
  }

  @Override
  public long count(String projection) {
    Objects.requireNonNull(projection, "projection");
    return count(projection, "");
  }

  @Override
  public long countUndecodable(String projection) {
    Objects.requireNonNull(projection, "projection");
    return count(projection, " AND raw_revision IS NOT NULL");
  }

  @Override
  public int remove(String projection, GlobalPosition position) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(position, "position");
    try (Connection c = dataSource.getConnection()) {
      return remove(c, projection, position);
    } catch (SQLException e) {
      throw SqlErrors.translate("removing the dead letters of " + projection + " at position "
          + position, e);
    }
  }

  @Override
  public int purge(String projection) {
    Objects.requireNonNull(projection, "projection");
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement =
            c.prepareStatement("DELETE FROM " + table + " WHERE projection = ?")) {
      statement.setString(1, names.key(projection));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("purging the dead letters of " + projection, e);
    }
  }

  /** Removes on {@code c}: part of the caller's transaction when autocommit is off. */
  int remove(Connection c, String projection, GlobalPosition position) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(
        "DELETE FROM " + table + " WHERE projection = ? AND position = ?")) {
      statement.setString(1, names.key(projection));
      statement.setLong(2, position.value());
      return statement.executeUpdate();
    }
  }

  /** Whether this store's table is in the database of {@code other}'s connections. */
  boolean sharesConnectionsWith(DataSource other) {
    return dataSource == other;
  }

  /** Parameters 1..13: the columns, then the projection. */
  private void bind(PreparedStatement statement, DeadLetter letter) throws SQLException {
    statement.setString(1, names.key(letter.streamId()));
    statement.setLong(2, letter.version().value());
    statement.setLong(3, letter.position().value());
    statement.setObject(4, letter.eventId().value());
    statement.setString(5, letter.type());
    statement.setInt(6, letter.attempts());
    statement.setString(7, letter.error());
    statement.setTimestamp(8, Timestamp.from(letter.failedAt()));
    UndecodableEvent raw = letter.undecodable().orElse(null);
    if (raw == null) {
      statement.setNull(9, Types.INTEGER);
    } else {
      statement.setInt(9, raw.revision());
    }
    statement.setString(10, raw == null ? null : raw.data());
    statement.setString(11, raw == null ? null : raw.metadata());
    statement.setString(12, raw == null ? null : raw.reason());
    statement.setString(13, names.key(letter.projection()));
  }

  private List<DeadLetter> select(
      String projection, String condition, @Nullable GlobalPosition position) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement =
            c.prepareStatement(selectSql + condition + " ORDER BY id")) {
      statement.setString(1, names.key(projection));
      if (position != null) {
        statement.setLong(2, position.value());
      }
      List<DeadLetter> letters = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          letters.add(letter(projection, row));
        }
      }
      return letters;
    } catch (SQLException e) {
      throw SqlErrors.translate("listing the dead letters of " + projection, e);
    }
  }

  private DeadLetter letter(String projection, ResultSet row) throws SQLException {
    int revision = row.getInt(9);
    Optional<UndecodableEvent> raw = row.wasNull()
        ? Optional.empty()
        : Optional.of(new UndecodableEvent(row.getString(5), revision, row.getString(10),
            row.getString(11), row.getString(12)));
    return new DeadLetter(projection, GlobalPosition.of(row.getLong(3)),
        names.streamId(row.getString(1)), Version.of(row.getLong(2)),
        EventId.of(row.getObject(4, UUID.class)), row.getString(5), row.getInt(6),
        row.getString(7), row.getTimestamp(8).toInstant(), raw);
  }

  private long count(String projection, String condition) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(
            "SELECT count(*) FROM " + table + " WHERE projection = ?" + condition)) {
      statement.setString(1, names.key(projection));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("counting the dead letters of " + projection, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresDeadLetterStore[" + table + "]";
  }
}
