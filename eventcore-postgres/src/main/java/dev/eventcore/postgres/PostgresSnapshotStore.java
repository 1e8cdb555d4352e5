package dev.eventcore.postgres;

import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Snapshots in the store's {@code snapshots} table: the latest per stream, the state encoded by the
 * store's codec ({@code jsonb} for a JSON codec, {@code bytea} for a binary one, read back with the
 * codec that wrote it), with its version and state revision.
 *
 * <pre>{@code
 * SnapshotStore snapshots = PostgresSnapshotStore.of(store);
 * AggregateRepository<OrderCommand, Order, OrderEvent> orders =
 *     AggregateRepository.builder(store, Order.DECIDER, OrderEvent.class)
 *         .snapshots(snapshots, Order.class, 1)
 *         .build();
 * }</pre>
 *
 * <p>A save is one upsert that keeps a newer snapshot of the same revision. A row whose state no
 * longer reads as the requested state class (or whose codec the store lacks) makes {@link #load}
 * throw a {@link StoreFailureException}: the aggregate repository then logs a warning and replays
 * in full. Thread-safe.
 *
 * @since 0.1.0
 */
public final class PostgresSnapshotStore implements SnapshotStore {
  private final DataSource dataSource;
  private final SchemaNames names;
  private final Codecs codecs;
  private final String loadSql;
  private final String saveSql;
  private final String deleteSql;

  private PostgresSnapshotStore(DataSource dataSource, SchemaNames names, Codecs codecs) {
    this.dataSource = dataSource;
    this.names = names;
    this.codecs = codecs;
    String table = names.qualified("snapshots");
    this.loadSql = "SELECT version, state_revision, state::text, codec, binary_state FROM " + table
        + " WHERE stream_id = ?";
    this.saveSql = "INSERT INTO " + table + " AS s (stream_id, version, state_revision, state,"
        + " codec, binary_state) VALUES (?, ?, ?, CAST(? AS jsonb), ?, coalesce(?, '\\x'::bytea))"
        + " ON CONFLICT (stream_id) DO UPDATE SET"
        + " version = EXCLUDED.version, state_revision = EXCLUDED.state_revision,"
        + " state = EXCLUDED.state, codec = EXCLUDED.codec,"
        + " binary_state = EXCLUDED.binary_state, saved_at = now()"
        + " WHERE s.state_revision <> EXCLUDED.state_revision OR s.version <= EXCLUDED.version";
    this.deleteSql = "DELETE FROM " + table + " WHERE stream_id = ?";
  }

  /** The snapshots kept in {@code store}'s schema, states encoded with its codec. */
  public static PostgresSnapshotStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresSnapshotStore(
        store.dataSource(), SchemaNames.of(store), DefaultPostgresEventStore.of(store).codecs());
  }

  @Override
  public <S> Optional<Snapshot<S>> load(StreamId stream, Class<S> stateType) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(stateType, "stateType");
    long version;
    int revision;
    String codec;
    byte[] data;
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(loadSql)) {
      statement.setString(1, names.key(stream));
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        version = row.getLong(1);
        revision = row.getInt(2);
        data = row.getBytes(3);
        codec = row.getString(4);
        if (data == null) {
          data = row.getBytes(5);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("loading the snapshot of " + stream, e);
    }
    S state;
    try {
      state = codecs.decodeState(stateType, codec, data);
    } catch (RuntimeException e) {
      throw new StoreFailureException("the snapshot of " + stream + " at version " + version
          + " (state revision " + revision + ") does not read as " + stateType.getName() + ": "
          + e.getMessage(), e);
    }
    if (state == null) {
      throw new StoreFailureException("the snapshot of " + stream + " at version " + version
          + " holds null, not a " + stateType.getName(), null);
    }
    return Optional.of(new Snapshot<>(stream, Version.of(version), revision, state));
  }

  @Override
  public void save(Snapshot<?> snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    Codecs.Encoded state;
    try {
      state = codecs.encodeState(snapshot.state(), () -> "the state of " + snapshot.stream()
          + " at version " + snapshot.version());
    } catch (RuntimeException e) {
      throw new StoreFailureException(String.valueOf(e.getMessage()), e);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(saveSql)) {
      statement.setString(1, names.key(snapshot.stream()));
      statement.setLong(2, snapshot.version().value());
      statement.setInt(3, snapshot.stateRevision());
      statement.setString(4, state.json());
      statement.setString(5, codecs.writerColumn());
      statement.setBytes(6, state.binary());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("saving the snapshot of " + snapshot.stream(), e);
    }
  }

  @Override
  public void delete(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(deleteSql)) {
      statement.setString(1, names.key(stream));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate("deleting the snapshot of " + stream, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresSnapshotStore[" + deleteSql.substring(12, deleteSql.indexOf(" WHERE")) + "]";
  }
}
