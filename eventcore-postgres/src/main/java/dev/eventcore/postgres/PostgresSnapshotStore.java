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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots in the store's {@code snapshots} table: the latest per stream, the state as Jackson
 * JSON (the store's mapper), with its version and state revision.
 *
 * <pre>{@code
 * SnapshotStore snapshots = PostgresSnapshotStore.of(store);
 * AggregateRepository<OrderCommand, Order, OrderEvent> orders =
 *     AggregateRepository.builder(store, Order.DECIDER, OrderEvent.class)
 *         .snapshots(snapshots, Order.class, 1)
 *         .build();
 * }</pre>
 *
 * <p>A save is one upsert that keeps a newer snapshot of the same revision. A row whose JSON no
 * longer reads as the requested state class makes {@link #load} throw a {@link
 * StoreFailureException}: the aggregate repository then logs a warning and replays in full.
 * Thread-safe.
 */
public final class PostgresSnapshotStore implements SnapshotStore {
  private final DataSource dataSource;
  private final JsonMapper mapper;
  private final String loadSql;
  private final String saveSql;
  private final String deleteSql;

  private PostgresSnapshotStore(DataSource dataSource, SchemaNames names, JsonMapper mapper) {
    this.dataSource = dataSource;
    this.mapper = mapper;
    String table = names.qualified("snapshots");
    this.loadSql = "SELECT version, state_revision, state::text FROM " + table
        + " WHERE stream_id = ?";
    this.saveSql = "INSERT INTO " + table + " AS s (stream_id, version, state_revision, state)"
        + " VALUES (?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (stream_id) DO UPDATE SET"
        + " version = EXCLUDED.version, state_revision = EXCLUDED.state_revision,"
        + " state = EXCLUDED.state, saved_at = now()"
        + " WHERE s.state_revision <> EXCLUDED.state_revision OR s.version <= EXCLUDED.version";
    this.deleteSql = "DELETE FROM " + table + " WHERE stream_id = ?";
  }

  /** The snapshots kept in {@code store}'s schema, states mapped with its Jackson mapper. */
  public static PostgresSnapshotStore of(PostgresEventStore store) {
    Objects.requireNonNull(store, "store");
    return new PostgresSnapshotStore(store.dataSource(), SchemaNames.of(store), DefaultPostgresEventStore.of(store).mapper());
  }

  @Override
  public <S> Optional<Snapshot<S>> load(StreamId stream, Class<S> stateType) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(stateType, "stateType");
    long version;
    int revision;
    String json;
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(loadSql)) {
      statement.setString(1, stream.value());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        version = row.getLong(1);
        revision = row.getInt(2);
        json = row.getString(3);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate("loading the snapshot of " + stream, e);
    }
    S state;
    try {
      state = mapper.readValue(json, stateType);
    } catch (JacksonException e) {
      throw new StoreFailureException("the snapshot of " + stream + " at version " + version
          + " (state revision " + revision + ") does not read as " + stateType.getName() + ": "
          + e.getOriginalMessage(), e);
    }
    if (state == null) {
      throw new StoreFailureException("the snapshot of " + stream + " at version " + version
          + " holds JSON null, not a " + stateType.getName(), null);
    }
    return Optional.of(new Snapshot<>(stream, Version.of(version), revision, state));
  }

  @Override
  public void save(Snapshot<?> snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    String json;
    try {
      json = mapper.writeValueAsString(snapshot.state());
    } catch (JacksonException e) {
      throw new StoreFailureException("the state of " + snapshot.stream() + " at version "
          + snapshot.version() + " does not serialize as JSON: " + e.getOriginalMessage(), e);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(saveSql)) {
      statement.setString(1, snapshot.stream().value());
      statement.setLong(2, snapshot.version().value());
      statement.setInt(3, snapshot.stateRevision());
      statement.setString(4, json);
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
      statement.setString(1, stream.value());
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
