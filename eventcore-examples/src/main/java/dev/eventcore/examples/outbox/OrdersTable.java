package dev.eventcore.examples.outbox;

import dev.eventcore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The application's own {@code orders} table that both desks write beside the events. */
final class OrdersTable {
  private OrdersTable() {}

  /** The table's qualified name, in the store's schema. */
  static String name(PostgresEventStore store) {
    return "\"" + store.schema() + "\".orders";
  }

  /** Inserts the order's row on {@code c}, in whatever transaction {@code c} is in. */
  static void insert(PostgresEventStore store, Connection c, String orderId, String customerId,
      int lines) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO " + name(store) + " (id, customer_id, lines) VALUES (?, ?, ?)")) {
      insert.setString(1, orderId);
      insert.setString(2, customerId);
      insert.setInt(3, lines);
      insert.executeUpdate();
    }
  }
}
