package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.postgres.PostgresEventStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link CurrentOrders} as the table {@code current_orders} (a row per order, money in cents),
 * kept by the {@link #projection()} named {@code current-orders}. Queries read committed rows
 * through the given data source. Thread-safe.
 *
 * <pre>{@code
 * PostgresCurrentOrders orders = PostgresCurrentOrders.create(store, dataSource, "shop");
 * runner.register(orders.projection());   // runner over PostgresCheckpointStore.of(store)
 * orders.countByStatus();                 // {PLACED=3, DELIVERED=250, ...}
 * }</pre>
 */
public final class PostgresCurrentOrders extends OrderTable implements CurrentOrders {
  private PostgresCurrentOrders(PostgresEventStore store, DataSource dataSource, String schema) {
    super(store, dataSource, schema, NAME, "current_orders", "status, placed_position");
  }

  /**
   * The read model in {@code schema} of {@code store}'s database, creating its table if missing.
   *
   * @param dataSource connections to that database, for the queries and the table
   * @param schema {@code [a-z_][a-z0-9_]*}, created if missing
   */
  public static PostgresCurrentOrders create(
      PostgresEventStore store, DataSource dataSource, String schema) {
    return new PostgresCurrentOrders(store, dataSource, schema);
  }

  @Override
  public Optional<Summary> find(String orderId) {
    Objects.requireNonNull(orderId, "orderId");
    return query("SELECT " + SUMMARY + " FROM " + table + " WHERE order_id = ?",
        OrderTable::summary, orderId).stream().findFirst();
  }

  @Override
  public List<Summary> withStatus(OrderStatus status) {
    Objects.requireNonNull(status, "status");
    return query("SELECT " + SUMMARY + " FROM " + table + " WHERE status = ?"
        + " ORDER BY placed_position", OrderTable::summary, status.name());
  }

  @Override
  public Map<OrderStatus, Long> countByStatus() {
    Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
    for (Map.Entry<String, Long> count : query("SELECT status, count(*) FROM " + table
        + " GROUP BY status", row -> Map.entry(row.getString(1), row.getLong(2)))) {
      counts.put(OrderStatus.valueOf(count.getKey()), count.getValue());
    }
    return counts;
  }

  @Override
  public Money totalOf(OrderStatus status) {
    Objects.requireNonNull(status, "status");
    return Money.ofCents(queryLong("SELECT COALESCE(SUM(total_cents), 0)::bigint FROM " + table
        + " WHERE status = ?", status.name()));
  }

  @Override
  public int size() {
    return Math.toIntExact(queryLong("SELECT count(*) FROM " + table));
  }
}
