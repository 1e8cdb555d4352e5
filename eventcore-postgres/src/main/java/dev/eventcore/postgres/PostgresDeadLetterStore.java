package dev.eventcore.postgres;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.internal.LegacyStreamIds;
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
 * <p>Thread-safe. A failed insert throws, and the runner then stops the projection at the event.
 */
public final class PostgresDeadLetterStore implements DeadLetterStore {
  private final DataSource dataSource;
  private final String addSql;
  private final String listSql;

  private PostgresDeadLetterStore(DataSource dataSource, SchemaNames names) {
    this.dataSource = dataSource;
    String table = names.qualified("dead_letters");
    this.addSql = "INSERT INTO " + table + " (projection, stream_id, version, position, event_id,"
        + " type, attempts, error, failed_at, raw_revision, raw_data, raw_metadata, raw_reason)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.listSql = "SELECT stream_id, version, position, event_id, type, attempts, error,"
        + " failed_at, raw_revision, raw_data, raw_metadata, raw_reason FROM " + table
        + " WHERE projection = ? ORDER BY id";
  }

  /** The dead letters kept in {@code store}'s schema. */
  public static PostgresDeadLetterStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresDeadLetterStore(store.dataSource(), store.names());
  }

  @Override
  public void add(DeadLetter letter) {
    Objects.requireNonNull(letter, "letter");
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(addSql)) {
      statement.setString(1, letter.projection());
      statement.setString(2, letter.streamId().value());
      statement.setLong(3, letter.version().value());
      statement.setLong(4, letter.position().value());
      statement.setObject(5, letter.eventId().value());
      statement.setString(6, letter.type());
      statement.setInt(7, letter.attempts());
      statement.setString(8, letter.error());
      statement.setTimestamp(9, Timestamp.from(letter.failedAt()));
      UndecodableEvent raw = letter.undecodable().orElse(null);
      if (raw == null) {
        statement.setNull(10, Types.INTEGER);
      } else {
        statement.setInt(10, raw.revision());
      }
      statement.setString(11, raw == null ? null : raw.data());
      statement.setString(12, raw == null ? null : raw.metadata());
      statement.setString(13, raw == null ? null : raw.reason());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("recording a dead letter of " + letter.projection(), e);
    }
  }

  @Override
  public List<DeadLetter> list(String projection) {
    Objects.requireNonNull(projection, "projection");
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(listSql)) {
      statement.setString(1, projection);
      List<DeadLetter> letters = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          int revision = row.getInt(9);
          Optional<UndecodableEvent> raw = row.wasNull()
              ? Optional.empty()
              : Optional.of(new UndecodableEvent(row.getString(5), revision, row.getString(10),
                  row.getString(11), row.getString(12)));
          letters.add(new DeadLetter(projection, GlobalPosition.of(row.getLong(3)),
              LegacyStreamIds.read(row.getString(1)), Version.of(row.getLong(2)),
              EventId.of(row.getObject(4, UUID.class)), row.getString(5), row.getInt(6),
              row.getString(7), row.getTimestamp(8).toInstant(), raw));
        }
      }
      return letters;
    } catch (SQLException e) {
      throw SqlErrors.translate("listing the dead letters of " + projection, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresDeadLetterStore[" + listSql.substring(listSql.indexOf(" FROM ") + 6,
        listSql.indexOf(" WHERE")) + "]";
  }
}
