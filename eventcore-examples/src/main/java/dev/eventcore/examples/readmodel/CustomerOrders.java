package dev.eventcore.examples.readmodel;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.OrderStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Each customer's orders with totals: the "my orders" page. Projection name {@code
 * customer-orders}; kept in memory by {@link InMemoryCustomerOrders} and in a table by {@code
 * readmodel.postgres.PostgresCustomerOrders}, with the same answers. A customer's spend counts the
 * orders not cancelled.
 *
 * <pre>{@code
 * customers.of("c-7").map(CustomerOrders.Customer::spent);   // Optional[123.45]
 * customers.top(5);                                           // the five biggest spenders
 * }</pre>
 */
public interface CustomerOrders {
  /** The projection name of both implementations. */
  String NAME = "customer-orders";

  /**
   * A customer's orders.
   *
   * @param customerId the customer
   * @param orders their orders, oldest first
   * @param spent the total of their orders not cancelled
   * @param cancelled how many of their orders were cancelled
   */
  record Customer(
      String customerId, List<CurrentOrders.Summary> orders, Money spent, int cancelled) {
    /** Checks the arguments and copies the list. */
    public Customer {
      Objects.requireNonNull(customerId, "customerId");
      Objects.requireNonNull(spent, "spent");
      orders = List.copyOf(orders);
    }

    /** The customer with {@code orders} (oldest first): sums what was not cancelled. */
    public static Customer of(String customerId, List<CurrentOrders.Summary> orders) {
      Money spent = Money.zero();
      int cancelled = 0;
      for (CurrentOrders.Summary order : orders) {
        if (order.status() == OrderStatus.CANCELLED) {
          cancelled++;
        } else {
          spent = spent.plus(order.total());
        }
      }
      return new Customer(customerId, orders, spent, cancelled);
    }
  }

  /** The customer {@code customerId}, if they placed an order. */
  Optional<Customer> of(String customerId);

  /**
   * The {@code n} customers who spent most, biggest first (ties by id).
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  List<Customer> top(int n);

  /** How many customers placed orders. */
  int size();
}
