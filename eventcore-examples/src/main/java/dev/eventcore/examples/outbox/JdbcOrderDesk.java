package dev.eventcore.examples.outbox;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Places orders with plain JDBC: the application's {@code orders} row and the {@code OrderPlaced}
 * event in one transaction of the application's own. The event is appended first, before the
 * transaction's first write, which keeps the stream's events in order in the log by construction.
 *
 * <pre>{@code
 * JdbcOrderDesk desk = new JdbcOrderDesk(store, dataSource);
 * desk.createTable();
 * desk.place("o-1", "c-7", lines);          // the row and the event, or neither
 * }</pre>
 */
public final class JdbcOrderDesk {
  private final PostgresEventStore store;
  private final DataSource dataSource;

  /** A desk writing to {@code store} and, through {@code dataSource}, to the same database. */
  public JdbcOrderDesk(PostgresEventStore store, DataSource dataSource) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Creates the application's {@code orders} table in the store's schema, if missing. */
  public void createTable() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement create = c.prepareStatement(
        "CREATE TABLE IF NOT EXISTS " + OrdersTable.name(store)
            + " (id text PRIMARY KEY, customer_id text NOT NULL, lines int NOT NULL)")) {
      create.execute();
    }
  }

  /**
   * Places an order: its row and its event commit together, or, if anything fails (a duplicate
   * order id in the table, a stream that exists already), neither is written.
   *
   * @throws SQLException if the application's insert or the commit fails (nothing was written)
   * @throws dev.eventcore.WrongExpectedVersionException if the order's stream exists (nothing was
   *     written)
   */
  public AppendResult place(String orderId, String customerId, List<LineItem> lines)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        AppendResult result = store.append(c, Order.stream(orderId), ExpectedVersion.noStream(),
            List.of(EventData.of(new OrderEvent.OrderPlaced(orderId, customerId, lines))));
        OrdersTable.insert(store, c, orderId, customerId, lines.size());
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }
}
