package dev.eventcore.examples.readmodel;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each customer's orders with totals: the "my orders" page. Projection name {@code
 * customer-orders}. A customer's spend counts the orders not cancelled.
 *
 * <pre>{@code
 * customers.of("c-7").map(CustomerOrders.Customer::spent);   // Optional[123.45]
 * customers.top(5);                                           // the five biggest spenders
 * }</pre>
 */
public final class CustomerOrders extends ReadModel {
  private final Map<String, Map<String, CurrentOrders.Summary>> byCustomer = new HashMap<>();
  private final Map<String, String> customerOfOrder = new HashMap<>();

  /** An empty read model. */
  public CustomerOrders() {
    super("customer-orders", EventFilter.eventTypes(OrderEvent.class));
  }

  /**
   * A customer's orders.
   *
   * @param customerId the customer
   * @param orders their orders, oldest first
   * @param spent the total of their orders not cancelled
   * @param cancelled how many of their orders were cancelled
   */
  public record Customer(
      String customerId, List<CurrentOrders.Summary> orders, Money spent, int cancelled) {
    /** Copies the list. */
    public Customer {
      orders = List.copyOf(orders);
    }
  }

  @Override
  void apply(RecordedEvent<?> event) {
    OrderEvent payload = event.payloadAs(OrderEvent.class);
    if (payload instanceof OrderEvent.OrderPlaced) {
      OrderEvent.OrderPlaced placed = (OrderEvent.OrderPlaced) payload;
      customerOfOrder.put(placed.orderId(), placed.customerId());
      byCustomer.computeIfAbsent(placed.customerId(), c -> new LinkedHashMap<>())
          .put(placed.orderId(), new CurrentOrders.Summary(placed.orderId(), placed.customerId(),
              OrderStatus.PLACED, CurrentOrders.totalOf(placed.lines()), event.recordedAt()));
      return;
    }
    String customer = customerOfOrder.get(payload.orderId());
    if (customer == null) {
      return;
    }
    Map<String, CurrentOrders.Summary> orders = byCustomer.get(customer);
    CurrentOrders.Summary old = orders.get(payload.orderId());
    orders.put(payload.orderId(), new CurrentOrders.Summary(old.orderId(), old.customerId(),
        CurrentOrders.statusAfter(payload), old.total(), event.recordedAt()));
  }

  @Override
  void clear() {
    byCustomer.clear();
    customerOfOrder.clear();
  }

  /** The customer {@code customerId}, if they placed an order. */
  public synchronized Optional<Customer> of(String customerId) {
    Map<String, CurrentOrders.Summary> orders = byCustomer.get(customerId);
    return orders == null ? Optional.empty() : Optional.of(customer(customerId, orders));
  }

  /** The {@code n} customers who spent most, biggest first. */
  public synchronized List<Customer> top(int n) {
    List<Customer> all = new ArrayList<>();
    byCustomer.forEach((id, orders) -> all.add(customer(id, orders)));
    all.sort(Comparator.comparing(Customer::spent).reversed()
        .thenComparing(Customer::customerId));
    return List.copyOf(all.subList(0, Math.min(Math.max(n, 0), all.size())));
  }

  /** How many customers placed orders. */
  public synchronized int size() {
    return byCustomer.size();
  }

  private static Customer customer(String id, Map<String, CurrentOrders.Summary> orders) {
    Money spent = Money.zero();
    int cancelled = 0;
    for (CurrentOrders.Summary order : orders.values()) {
      if (order.status() == OrderStatus.CANCELLED) {
        cancelled++;
      } else {
        spent = spent.plus(order.total());
      }
    }
    return new Customer(id, new ArrayList<>(orders.values()), spent, cancelled);
  }
}
