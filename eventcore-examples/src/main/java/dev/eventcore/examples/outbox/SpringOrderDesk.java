package dev.eventcore.examples.outbox;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders inside a Spring-managed transaction: the store appends on the transaction's own
 * connection ({@link DataSourceUtils#getConnection}), so the application's {@code orders} row and
 * the {@code OrderPlaced} event commit or roll back with the {@link TransactionTemplate}, and an
 * exception anywhere in the callback rolls back both. The same holds under
 * {@code @Transactional}: get the connection the same way.
 *
 * <pre>{@code
 * TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
 * AppendResult placed = new SpringOrderDesk(store, dataSource, tx).place("o-1", "c-7", lines);
 * }</pre>
 */
public final class SpringOrderDesk {
  private final PostgresEventStore store;
  private final DataSource dataSource;
  private final TransactionTemplate transactions;

  /** A desk whose transactions {@code transactions} runs on {@code dataSource}'s connections. */
  public SpringOrderDesk(PostgresEventStore store, DataSource dataSource,
      TransactionTemplate transactions) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  /** A desk with a {@link DataSourceTransactionManager} of its own on {@code dataSource}. */
  public static SpringOrderDesk of(PostgresEventStore store, DataSource dataSource) {
    return new SpringOrderDesk(store, dataSource,
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  /**
   * Places an order in one Spring transaction: the event, then the row; if either fails, the
   * template rolls back both.
   */
  public AppendResult place(String orderId, String customerId, List<LineItem> lines) {
    return transactions.execute(status -> {
      Connection c = DataSourceUtils.getConnection(dataSource); // the transaction's connection
      AppendResult result = store.append(c, Order.stream(orderId), ExpectedVersion.noStream(),
          List.of(EventData.of(new OrderEvent.OrderPlaced(orderId, customerId, lines))));
      try {
        OrdersTable.insert(store, c, orderId, customerId, lines.size());
      } catch (SQLException e) {
        throw new IllegalStateException("inserting order " + orderId + " failed", e);
      }
      return result;
    });
  }
}
