package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.OrderChange;
import dev.eventcore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A table with a row per order ({@link CurrentOrders.Summary} plus where it was placed in the log),
 * written from {@link OrderChange}s: the shape of current orders and of customer orders. An insert
 * of a placed order does nothing if the row exists; a status change updates only a row last
 * changed by an earlier event.
 */
abstract class OrderTable extends TableReadModel {
  static final String COLUMNS = "order_id text COLLATE \"C\" PRIMARY KEY,"
      + " customer_id text COLLATE \"C\" NOT NULL, status text NOT NULL,"
      + " total_cents bigint NOT NULL, updated_at timestamptz NOT NULL,"
      + " placed_position bigint NOT NULL, position bigint NOT NULL";
  static final String SUMMARY = "order_id, customer_id, status, total_cents, updated_at";

  OrderTable(PostgresEventStore store, DataSource dataSource, String schema, String name,
      String tableName, String... indexes) {
    super(store, dataSource, schema, name, EventFilter.eventTypes(OrderEvent.class), tableName,
        COLUMNS, indexes);
  }

  @Override
  final void apply(RecordedEvent<?> event, Connection connection) throws SQLException {
    OrderChange change = OrderChange.of(event);
    long position = event.position().value();
    if (change instanceof OrderChange.Placed) {
      CurrentOrders.Summary placed = ((OrderChange.Placed) change).summary();
      update(connection, "INSERT INTO " + table + " (" + SUMMARY + ", placed_position, position)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING",
          placed.orderId(), placed.customerId(), placed.status().name(), placed.total().cents(),
          placed.updatedAt(), position, position);
      return;
    }
    OrderChange.StatusChanged moved = (OrderChange.StatusChanged) change;
    update(connection, "UPDATE " + table + " SET status = ?, updated_at = ?, position = ?"
            + " WHERE order_id = ? AND position < ?",
        moved.status().name(), moved.at(), position, moved.orderId(), position);
  }

  /** Reads the {@link #SUMMARY} columns. */
  static CurrentOrders.Summary summary(ResultSet row) throws SQLException {
    return new CurrentOrders.Summary(row.getString("order_id"), row.getString("customer_id"),
        OrderStatus.valueOf(row.getString("status")), Money.ofCents(row.getLong("total_cents")),
        instant(row, "updated_at"));
  }
}
