package dev.eventcore.examples.order;

import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.OrderCommand.CancelOrder;
import dev.eventcore.examples.order.OrderCommand.ConfirmOrder;
import dev.eventcore.examples.order.OrderCommand.DeliverOrder;
import dev.eventcore.examples.order.OrderCommand.PlaceOrder;
import dev.eventcore.examples.order.OrderCommand.ShipOrder;
import dev.eventcore.examples.order.OrderEvent.OrderCancelled;
import dev.eventcore.examples.order.OrderEvent.OrderConfirmed;
import dev.eventcore.examples.order.OrderEvent.OrderDelivered;
import dev.eventcore.examples.order.OrderEvent.OrderPlaced;
import dev.eventcore.examples.order.OrderEvent.OrderShipped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order's two pure functions. {@code decide} looks at the state and the command and returns
 * the events to record, or throws {@link CommandRejectedException}; {@code evolve} applies one
 * event to the state. Neither reads a clock, a database or anything else: given the same history
 * and command, the answer is always the same, which is what makes retries and replays safe.
 */
final class OrderDecider implements Decider<OrderCommand, Order, OrderEvent> {

  @Override
  public Order initialState() {
    return Order.NONE;
  }

  @Override
  public List<OrderEvent> decide(OrderCommand command, Order order) {
    if (command instanceof PlaceOrder) {
      return List.of(place((PlaceOrder) command, order));
    }
    if (command instanceof ConfirmOrder) {
      require(order, OrderStatus.CONFIRMED, "confirm", "confirmed");
      return List.of(new OrderConfirmed(order.orderId()));
    }
    if (command instanceof CancelOrder) {
      require(order, OrderStatus.CANCELLED, "cancel", "cancelled");
      return List.of(new OrderCancelled(order.orderId(), ((CancelOrder) command).reason()));
    }
    if (command instanceof ShipOrder) {
      require(order, OrderStatus.SHIPPED, "ship", "shipped");
      return List.of(new OrderShipped(order.orderId(), ((ShipOrder) command).trackingNumber()));
    }
    if (command instanceof DeliverOrder) {
      require(order, OrderStatus.DELIVERED, "deliver", "delivered");
      return List.of(new OrderDelivered(order.orderId()));
    }
    throw new IllegalArgumentException("unknown order command " + command);
  }

  @Override
  public Order evolve(Order order, OrderEvent event) {
    if (event instanceof OrderPlaced) {
      OrderPlaced placed = (OrderPlaced) event;
      return new Order(placed.orderId(), placed.customerId(), placed.lines(), OrderStatus.PLACED);
    }
    if (event instanceof OrderConfirmed) {
      return order.withStatus(OrderStatus.CONFIRMED);
    }
    if (event instanceof OrderCancelled) {
      return order.withStatus(OrderStatus.CANCELLED);
    }
    if (event instanceof OrderShipped) {
      return order.withStatus(OrderStatus.SHIPPED);
    }
    if (event instanceof OrderDelivered) {
      return order.withStatus(OrderStatus.DELIVERED);
    }
    throw new IllegalArgumentException("unknown order event " + event);
  }

  private static OrderPlaced place(PlaceOrder place, Order order) {
    if (order.status() != OrderStatus.NEW) {
      throw new CommandRejectedException(
          "cannot place order " + order.orderId() + ": it was placed already and is "
              + order.status());
    }
    List<LineItem> lines = place.lines();
    if (lines.isEmpty()) {
      throw new CommandRejectedException(
          "cannot place order " + place.orderId() + ": it has no lines; at least one is needed");
    }
    if (lines.size() > Order.MAX_LINES) {
      throw new CommandRejectedException(
          "cannot place order " + place.orderId() + ": it has " + lines.size()
              + " lines; at most " + Order.MAX_LINES + " are allowed");
    }
    Set<Sku> seen = new HashSet<>();
    for (LineItem line : lines) {
      if (!seen.add(line.sku())) {
        throw new CommandRejectedException(
            "cannot place order " + place.orderId() + ": SKU " + line.sku()
                + " is on more than one line; put its whole quantity on one line");
      }
    }
    return new OrderPlaced(place.orderId(), place.customerId(), lines);
  }

  /** Rejects the command unless the state machine allows {@code order} to become {@code next}. */
  private static void require(Order order, OrderStatus next, String verb, String participle) {
    OrderStatus current = order.status();
    if (current.canBecome(next)) {
      return;
    }
    if (current == OrderStatus.NEW) {
      throw new CommandRejectedException("cannot " + verb + " an order that was never placed");
    }
    throw new CommandRejectedException(
        "cannot " + verb + " order " + order.orderId() + ": it is " + current + ", and only "
            + describe(predecessors(next)) + " order can be " + participle);
  }

  private static List<OrderStatus> predecessors(OrderStatus next) {
    List<OrderStatus> from = new ArrayList<>();
    for (OrderStatus status : OrderStatus.values()) {
      if (status.canBecome(next)) {
        from.add(status);
      }
    }
    return from;
  }

  /** "a PLACED", "a PLACED or CONFIRMED". */
  private static String describe(List<OrderStatus> statuses) {
    StringBuilder text = new StringBuilder("a ");
    for (int i = 0; i < statuses.size(); i++) {
      if (i > 0) {
        text.append(i == statuses.size() - 1 ? " or " : ", ");
      }
      text.append(statuses.get(i));
    }
    return text.toString();
  }
}
