package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.readmodel.OrderHistory;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link OrderHistory} as the table {@code order_history} (a row per order event, keyed by order
 * and version, so a repeated event inserts nothing), kept by the {@link #projection()} named
 * {@code order-history}. Thread-safe.
 */
public final class PostgresOrderHistory extends TableReadModel implements OrderHistory {
  private PostgresOrderHistory(PostgresEventStore store, DataSource dataSource, String schema) {
    super(store, dataSource, schema, NAME, EventTypes.of(OrderEvent.class).asFilter(),
        "order_history", "order_id text COLLATE \"C\" NOT NULL, version bigint NOT NULL,"
            + " type text NOT NULL, detail text NOT NULL, recorded_at timestamptz NOT NULL,"
            + " PRIMARY KEY (order_id, version)");
  }

  /**
   * The read model in {@code schema} of {@code store}'s database, creating its table if missing.
   *
   * @param dataSource connections to that database, for the queries and the table
   * @param schema {@code [a-z_][a-z0-9_]*}, created if missing
   */
  public static PostgresOrderHistory create(
      PostgresEventStore store, DataSource dataSource, String schema) {
    return new PostgresOrderHistory(store, dataSource, schema);
  }

  @Override
  void apply(List<RecordedEvent<?>> events, Connection connection) throws SQLException {
    try (SqlBatch entries = new SqlBatch(connection, "INSERT INTO " + table
        + " (order_id, version, type, detail, recorded_at) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (order_id, version) DO NOTHING")) {
      for (RecordedEvent<?> event : events) {
        Entry entry = Entry.of(event);
        entries.add(entry.orderId(), entry.version(), entry.type(), entry.detail(),
            entry.recordedAt());
      }
      entries.execute();
    }
  }

  @Override
  public List<Entry> of(String orderId) {
    Objects.requireNonNull(orderId, "orderId");
    return query("SELECT order_id, version, type, detail, recorded_at FROM " + table
            + " WHERE order_id = ? ORDER BY version",
        row -> new Entry(row.getString("order_id"), row.getLong("version"), row.getString("type"),
            row.getString("detail"), instant(row, "recorded_at")), orderId);
  }
}
