package dev.eventcore.examples.readmodel;

import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.serialization.EventTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link CustomerOrders} in memory, a projection named {@code customer-orders}. */
public final class InMemoryCustomerOrders extends ReadModel implements CustomerOrders {
  private final Map<String, Map<String, CurrentOrders.Summary>> byCustomer = new HashMap<>();
  private final Map<String, String> customerOfOrder = new HashMap<>();

  /** An empty read model. */
  public InMemoryCustomerOrders() {
    super(NAME, EventTypes.of(OrderEvent.class).asFilter());
  }

  @Override
  void apply(RecordedEvent<?> event) {
    OrderChange change = OrderChange.of(event);
    if (change instanceof OrderChange.Placed) {
      CurrentOrders.Summary placed = ((OrderChange.Placed) change).summary();
      customerOfOrder.put(placed.orderId(), placed.customerId());
      byCustomer.computeIfAbsent(placed.customerId(), c -> new LinkedHashMap<>())
          .put(placed.orderId(), placed);
      return;
    }
    String customer = customerOfOrder.get(change.orderId());
    if (customer != null) {
      OrderChange.StatusChanged moved = (OrderChange.StatusChanged) change;
      byCustomer.get(customer)
          .computeIfPresent(moved.orderId(), (id, old) -> old.with(moved.status(), moved.at()));
    }
  }

  @Override
  void clear() {
    byCustomer.clear();
    customerOfOrder.clear();
  }

  @Override
  public synchronized Optional<Customer> of(String customerId) {
    Map<String, CurrentOrders.Summary> orders =
        byCustomer.get(Objects.requireNonNull(customerId, "customerId"));
    return orders == null
        ? Optional.empty()
        : Optional.of(Customer.of(customerId, new ArrayList<>(orders.values())));
  }

  @Override
  public synchronized List<Customer> top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n is " + n + "; allowed: 0 or more");
    }
    List<Customer> all = new ArrayList<>();
    byCustomer.forEach((id, orders) -> all.add(Customer.of(id, new ArrayList<>(orders.values()))));
    all.sort(Comparator.comparing(Customer::spent).reversed()
        .thenComparing(Customer::customerId));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  @Override
  public synchronized int size() {
    return byCustomer.size();
  }
}
