package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.OrderChange;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
    super(store, dataSource, schema, name, EventTypes.of(OrderEvent.class).asFilter(), tableName,
        COLUMNS, indexes);
  }

  /**
   * Inserts the batch's placed orders first, then applies its status changes: an insert does
   * nothing for an existing row, and a status change applies only to a row last changed by an
   * earlier event, so the changes commute and the result is that of applying the events in order
   * (an order is placed before its status changes in the log).
   */
  @Override
  final void apply(List<RecordedEvent<?>> events, Connection connection) throws SQLException {
    try (SqlBatch placed = new SqlBatch(connection, "INSERT INTO " + table + " (" + SUMMARY
            + ", placed_position, position) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (order_id) DO NOTHING");
        SqlBatch moved = new SqlBatch(connection, "UPDATE " + table + " SET status = ?,"
            + " updated_at = ?, position = ? WHERE order_id = ? AND position < ?")) {
      for (RecordedEvent<?> event : events) {
        OrderChange change = OrderChange.of(event);
        long position = event.position().value();
        if (change instanceof OrderChange.Placed) {
          CurrentOrders.Summary summary = ((OrderChange.Placed) change).summary();
          placed.add(summary.orderId(), summary.customerId(), summary.status().name(),
              summary.total().cents(), summary.updatedAt(), position, position);
        } else {
          OrderChange.StatusChanged status = (OrderChange.StatusChanged) change;
          moved.add(status.status().name(), status.at(), position, status.orderId(), position);
        }
      }
      placed.execute();
      moved.execute();
    }
  }

  /** Reads the {@link #SUMMARY} columns. */
  static CurrentOrders.Summary summary(ResultSet row) throws SQLException {
    return new CurrentOrders.Summary(row.getString("order_id"), row.getString("customer_id"),
        OrderStatus.valueOf(row.getString("status")), Money.ofCents(row.getLong("total_cents")),
        instant(row, "updated_at"));
  }
}
