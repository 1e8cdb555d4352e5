package dev.eventcore.examples.order;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.Money;
import java.util.List;
import java.util.Objects;

/**
 * An order's state: what its events add up to, and only as much as the decisions about it need.
 * It is never stored; {@link #DECIDER} folds it from the order's stream whenever a command
 * arrives (snapshots can shortcut the fold; they never change its result).
 *
 * <pre>{@code
 * AggregateRepository<OrderCommand, Order, OrderEvent> orders = Order.repository(store);
 * orders.handle(Order.stream("o-1"), new PlaceOrder("o-1", "c-7", lines)); // OrderPlaced
 * orders.handle(Order.stream("o-1"), new ConfirmOrder());                   // OrderConfirmed
 * Order order = orders.load(Order.stream("o-1")).state();                   // CONFIRMED
 * }</pre>
 *
 * <p>The tracking number and a cancellation's reason are not here: no decision depends on them.
 * They live in the events, where read models pick them up.
 *
 * @param orderId the order's id; empty while {@link OrderStatus#NEW}
 * @param customerId who placed it; empty while {@link OrderStatus#NEW}
 * @param lines what was ordered; empty while {@link OrderStatus#NEW}
 * @param status where the order is in its life
 */
public record Order(String orderId, String customerId, List<LineItem> lines, OrderStatus status) {
  /** The most lines an order may have. */
  public static final int MAX_LINES = 100;

  /** The state of an order stream with no events. */
  public static final Order NONE = new Order("", "", List.of(), OrderStatus.NEW);

  /**
   * The order aggregate: {@link Order#NONE} as the initial state, and {@code decide} and {@code
   * evolve} as pure functions. Use it with {@link AggregateRepository} or test it with {@code
   * DeciderFixture}. Thread-safe (it holds no state).
   */
  public static final Decider<OrderCommand, Order, OrderEvent> DECIDER = new OrderDecider();

  /** Validates and copies the arguments. */
  public Order {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customerId, "customerId");
    lines = List.copyOf(lines);
    Objects.requireNonNull(status, "status");
  }

  /** The stream of order {@code orderId}: {@code order-<orderId>}. */
  public static StreamId stream(String orderId) {
    return StreamId.of("order", orderId);
  }

  /** A repository handling commands on orders stored in {@code store}. */
  public static AggregateRepository<OrderCommand, Order, OrderEvent> repository(EventStore store) {
    return AggregateRepository.of(store, DECIDER, OrderEvent.class);
  }

  /** The order's amount: the sum of its lines; zero while {@link OrderStatus#NEW}. */
  public Money total() {
    return totalOf(lines);
  }

  /** This order in {@code next} status. */
  Order withStatus(OrderStatus next) {
    return new Order(orderId, customerId, lines, next);
  }

  static Money totalOf(List<LineItem> lines) {
    Money total = Money.zero();
    for (LineItem line : lines) {
      total = total.plus(line.lineTotal());
    }
    return total;
  }
}
