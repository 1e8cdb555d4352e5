package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.readmodel.InventoryChange;
import dev.eventcore.examples.readmodel.InventoryLevels;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link InventoryLevels} as the table {@code inventory_levels} (a row per SKU), kept by the
 * {@link #projection()} named {@code inventory}. Each row remembers the position of the last event
 * added to it; an event at or before it adds nothing, so a repeated event changes nothing.
 * Thread-safe.
 */
public final class PostgresInventoryLevels extends TableReadModel implements InventoryLevels {
  private static final String LEVEL = "sku, on_hand, reserved";

  private PostgresInventoryLevels(PostgresEventStore store, DataSource dataSource, String schema) {
    super(store, dataSource, schema, NAME, EventTypes.of(InventoryEvent.class).asFilter(),
        "inventory_levels", "sku text COLLATE \"C\" PRIMARY KEY, on_hand bigint NOT NULL,"
            + " reserved bigint NOT NULL, position bigint NOT NULL");
  }

  /**
   * The read model in {@code schema} of {@code store}'s database, creating its table if missing.
   *
   * @param dataSource connections to that database, for the queries and the table
   * @param schema {@code [a-z_][a-z0-9_]*}, created if missing
   */
  public static PostgresInventoryLevels create(
      PostgresEventStore store, DataSource dataSource, String schema) {
    return new PostgresInventoryLevels(store, dataSource, schema);
  }

  @Override
  void apply(List<RecordedEvent<?>> events, Connection connection) throws SQLException {
    try (SqlBatch levels = new SqlBatch(connection, "INSERT INTO " + table + " AS t (" + LEVEL
        + ", position) VALUES (?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE"
        + " SET on_hand = t.on_hand + excluded.on_hand,"
        + " reserved = t.reserved + excluded.reserved, position = excluded.position"
        + " WHERE t.position < excluded.position")) {
      for (RecordedEvent<?> event : events) { // in order: a batch runs its rows one by one
        InventoryChange change = InventoryChange.of(event);
        levels.add(change.sku().value(), change.onHand(), change.reserved(),
            event.position().value());
      }
      levels.execute();
    }
  }

  @Override
  public Optional<Level> of(Sku sku) {
    Objects.requireNonNull(sku, "sku");
    return query("SELECT " + LEVEL + " FROM " + table + " WHERE sku = ?",
        PostgresInventoryLevels::level, sku.value()).stream().findFirst();
  }

  @Override
  public List<Level> all() {
    return List.copyOf(query("SELECT " + LEVEL + " FROM " + table + " ORDER BY sku",
        PostgresInventoryLevels::level));
  }

  private static Level level(ResultSet row) throws SQLException {
    return new Level(Sku.of(row.getString("sku")), row.getLong("on_hand"), row.getLong("reserved"));
  }
}
