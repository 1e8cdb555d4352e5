package dev.eventcore.examples.readmodel.postgres;

import dev.eventcore.examples.readmodel.CurrentOrders;
import dev.eventcore.examples.readmodel.CustomerOrders;
import dev.eventcore.postgres.PostgresEventStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link CustomerOrders} as the table {@code customer_orders} (a row per order, indexed by
 * customer; the totals are summed by the queries), kept by the {@link #projection()} named {@code
 * customer-orders}. Thread-safe.
 */
public final class PostgresCustomerOrders extends OrderTable implements CustomerOrders {
  private PostgresCustomerOrders(PostgresEventStore store, DataSource dataSource, String schema) {
    super(store, dataSource, schema, NAME, "customer_orders", "customer_id, placed_position");
  }

  /**
   * The read model in {@code schema} of {@code store}'s database, creating its table if missing.
   *
   * @param dataSource connections to that database, for the queries and the table
   * @param schema {@code [a-z_][a-z0-9_]*}, created if missing
   */
  public static PostgresCustomerOrders create(
      PostgresEventStore store, DataSource dataSource, String schema) {
    return new PostgresCustomerOrders(store, dataSource, schema);
  }

  @Override
  public Optional<Customer> of(String customerId) {
    Objects.requireNonNull(customerId, "customerId");
    List<CurrentOrders.Summary> orders = query("SELECT " + SUMMARY + " FROM " + table
        + " WHERE customer_id = ? ORDER BY placed_position", OrderTable::summary, customerId);
    return orders.isEmpty() ? Optional.empty() : Optional.of(Customer.of(customerId, orders));
  }

  @Override
  public List<Customer> top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n is " + n + "; allowed: 0 or more");
    }
    List<CurrentOrders.Summary> rows = query("WITH top AS (SELECT customer_id,"
            + " COALESCE(SUM(total_cents) FILTER (WHERE status <> 'CANCELLED'), 0) AS spent"
            + " FROM " + table + " GROUP BY customer_id ORDER BY spent DESC, customer_id LIMIT ?)"
            + " SELECT " + SUMMARY + " FROM " + table + " JOIN top USING (customer_id)"
            + " ORDER BY top.spent DESC, customer_id, placed_position",
        OrderTable::summary, n);
    Map<String, List<CurrentOrders.Summary>> byCustomer = new LinkedHashMap<>();
    for (CurrentOrders.Summary row : rows) {
      byCustomer.computeIfAbsent(row.customerId(), c -> new ArrayList<>()).add(row);
    }
    List<Customer> top = new ArrayList<>();
    byCustomer.forEach((id, orders) -> top.add(Customer.of(id, orders)));
    return List.copyOf(top);
  }

  @Override
  public int size() {
    return Math.toIntExact(queryLong("SELECT count(DISTINCT customer_id) FROM " + table));
  }
}
