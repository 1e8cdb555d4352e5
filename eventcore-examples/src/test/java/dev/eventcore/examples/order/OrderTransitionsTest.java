package dev.eventcore.examples.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.examples.Money;
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
import dev.eventcore.testkit.DeciderFixture;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transition of the order state machine, legal and illegal, through the decider alone. */
class OrderTransitionsTest {
  static final DeciderFixture<OrderCommand, Order, OrderEvent> ORDER =
      DeciderFixture.of(Order.DECIDER);

  static final List<LineItem> LINES =
      List.of(
          new LineItem(Sku.of("APPLE"), 3, Money.ofCents(125)),
          new LineItem(Sku.of("PEAR"), 1, Money.ofCents(2_000)));
  static final OrderPlaced PLACED = new OrderPlaced("o-1", "c-7", LINES);
  static final OrderConfirmed CONFIRMED = new OrderConfirmed("o-1");
  static final OrderShipped SHIPPED = new OrderShipped("o-1", "TRACK12345");
  static final OrderDelivered DELIVERED = new OrderDelivered("o-1");
  static final OrderCancelled CANCELLED = new OrderCancelled("o-1", "customer changed mind");

  /** The shortest history that leaves an order in each status. */
  static final Map<OrderStatus, List<OrderEvent>> HISTORY = new EnumMap<>(OrderStatus.class);

  static {
    HISTORY.put(OrderStatus.NEW, List.of());
    HISTORY.put(OrderStatus.PLACED, List.of(PLACED));
    HISTORY.put(OrderStatus.CONFIRMED, List.of(PLACED, CONFIRMED));
    HISTORY.put(OrderStatus.SHIPPED, List.of(PLACED, CONFIRMED, SHIPPED));
    HISTORY.put(OrderStatus.DELIVERED, List.of(PLACED, CONFIRMED, SHIPPED, DELIVERED));
    HISTORY.put(OrderStatus.CANCELLED, List.of(PLACED, CANCELLED));
  }

  /** One command of each kind, and the status it moves an order to. */
  static final Map<OrderStatus, OrderCommand> COMMAND_TO = new EnumMap<>(OrderStatus.class);

  static {
    COMMAND_TO.put(OrderStatus.PLACED, new PlaceOrder("o-1", "c-7", LINES));
    COMMAND_TO.put(OrderStatus.CONFIRMED, new ConfirmOrder());
    COMMAND_TO.put(OrderStatus.SHIPPED, new ShipOrder("TRACK12345"));
    COMMAND_TO.put(OrderStatus.DELIVERED, new DeliverOrder());
    COMMAND_TO.put(OrderStatus.CANCELLED, new CancelOrder("customer changed mind"));
  }

  static Order order(OrderStatus status) {
    return new Order("o-1", "c-7", LINES, status);
  }

  @Test
  void placingANewOrderRecordsItsCustomerAndLines() {
    ORDER.given()
        .when(new PlaceOrder("o-1", "c-7", LINES))
        .then(PLACED)
        .thenState(order(OrderStatus.PLACED));
  }

  @Test
  void confirmingAPlacedOrderConfirmsIt() {
    ORDER.given(PLACED).when(new ConfirmOrder()).then(CONFIRMED)
        .thenState(order(OrderStatus.CONFIRMED));
  }

  @Test
  void cancellingAPlacedOrderRecordsTheReason() {
    ORDER.given(PLACED).when(new CancelOrder("customer changed mind")).then(CANCELLED)
        .thenState(order(OrderStatus.CANCELLED));
  }

  @Test
  void cancellingAConfirmedOrderRecordsTheReason() {
    ORDER.given(PLACED, CONFIRMED).when(new CancelOrder("payment declined"))
        .then(new OrderCancelled("o-1", "payment declined"))
        .thenState(order(OrderStatus.CANCELLED));
  }

  @Test
  void shippingAConfirmedOrderRecordsTheTrackingNumber() {
    ORDER.given(PLACED, CONFIRMED).when(new ShipOrder("TRACK12345")).then(SHIPPED)
        .thenState(order(OrderStatus.SHIPPED));
  }

  @Test
  void deliveringAShippedOrderCompletesIt() {
    ORDER.given(PLACED, CONFIRMED, SHIPPED).when(new DeliverOrder()).then(DELIVERED)
        .thenState(order(OrderStatus.DELIVERED));
  }

  /** Every (status, command) pair the state machine forbids, with the exact reason given. */
  static Stream<Arguments> illegalTransitions() {
    String never = "an order that was never placed";
    return Stream.of(
        Arguments.of(OrderStatus.NEW, OrderStatus.CONFIRMED, "cannot confirm " + never),
        Arguments.of(OrderStatus.NEW, OrderStatus.CANCELLED, "cannot cancel " + never),
        Arguments.of(OrderStatus.NEW, OrderStatus.SHIPPED, "cannot ship " + never),
        Arguments.of(OrderStatus.NEW, OrderStatus.DELIVERED, "cannot deliver " + never),
        Arguments.of(OrderStatus.PLACED, OrderStatus.PLACED,
            "cannot place order o-1: it was placed already and is PLACED"),
        Arguments.of(OrderStatus.PLACED, OrderStatus.SHIPPED,
            "cannot ship order o-1: it is PLACED, and only a CONFIRMED order can be shipped"),
        Arguments.of(OrderStatus.PLACED, OrderStatus.DELIVERED,
            "cannot deliver order o-1: it is PLACED, and only a SHIPPED order can be delivered"),
        Arguments.of(OrderStatus.CONFIRMED, OrderStatus.PLACED,
            "cannot place order o-1: it was placed already and is CONFIRMED"),
        Arguments.of(OrderStatus.CONFIRMED, OrderStatus.CONFIRMED,
            "cannot confirm order o-1: it is CONFIRMED, and only a PLACED order can be confirmed"),
        Arguments.of(OrderStatus.CONFIRMED, OrderStatus.DELIVERED,
            "cannot deliver order o-1: it is CONFIRMED, and only a SHIPPED order can be delivered"),
        Arguments.of(OrderStatus.SHIPPED, OrderStatus.PLACED,
            "cannot place order o-1: it was placed already and is SHIPPED"),
        Arguments.of(OrderStatus.SHIPPED, OrderStatus.CONFIRMED,
            "cannot confirm order o-1: it is SHIPPED, and only a PLACED order can be confirmed"),
        Arguments.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED,
            "cannot cancel order o-1: it is SHIPPED, and only a PLACED or CONFIRMED order can be"
                + " cancelled"),
        Arguments.of(OrderStatus.SHIPPED, OrderStatus.SHIPPED,
            "cannot ship order o-1: it is SHIPPED, and only a CONFIRMED order can be shipped"),
        Arguments.of(OrderStatus.DELIVERED, OrderStatus.PLACED,
            "cannot place order o-1: it was placed already and is DELIVERED"),
        Arguments.of(OrderStatus.DELIVERED, OrderStatus.CONFIRMED,
            "cannot confirm order o-1: it is DELIVERED, and only a PLACED order can be confirmed"),
        Arguments.of(OrderStatus.DELIVERED, OrderStatus.CANCELLED,
            "cannot cancel order o-1: it is DELIVERED, and only a PLACED or CONFIRMED order can"
                + " be cancelled"),
        Arguments.of(OrderStatus.DELIVERED, OrderStatus.SHIPPED,
            "cannot ship order o-1: it is DELIVERED, and only a CONFIRMED order can be shipped"),
        Arguments.of(OrderStatus.DELIVERED, OrderStatus.DELIVERED,
            "cannot deliver order o-1: it is DELIVERED, and only a SHIPPED order can be"
                + " delivered"),
        Arguments.of(OrderStatus.CANCELLED, OrderStatus.PLACED,
            "cannot place order o-1: it was placed already and is CANCELLED"),
        Arguments.of(OrderStatus.CANCELLED, OrderStatus.CONFIRMED,
            "cannot confirm order o-1: it is CANCELLED, and only a PLACED order can be confirmed"),
        Arguments.of(OrderStatus.CANCELLED, OrderStatus.CANCELLED,
            "cannot cancel order o-1: it is CANCELLED, and only a PLACED or CONFIRMED order can"
                + " be cancelled"),
        Arguments.of(OrderStatus.CANCELLED, OrderStatus.SHIPPED,
            "cannot ship order o-1: it is CANCELLED, and only a CONFIRMED order can be shipped"),
        Arguments.of(OrderStatus.CANCELLED, OrderStatus.DELIVERED,
            "cannot deliver order o-1: it is CANCELLED, and only a SHIPPED order can be"
                + " delivered"));
  }

  @ParameterizedTest(name = "{0} order, command to {1}: rejected")
  @MethodSource("illegalTransitions")
  void anIllegalTransitionIsRejectedWithItsReason(
      OrderStatus from, OrderStatus to, String reason) {
    ORDER.given(HISTORY.get(from)).when(COMMAND_TO.get(to)).thenRejected(reason);
  }

  @Test
  void theTablesCoverEveryStatusAndEveryCommand() {
    // 6 statuses x 5 commands: the 6 legal pairs are tested above, the other 24 rejected
    List<String> legal = new ArrayList<>();
    for (OrderStatus from : OrderStatus.values()) {
      for (OrderStatus to : COMMAND_TO.keySet()) {
        if (from.canBecome(to)) {
          legal.add(from + "->" + to);
        }
      }
    }
    assertEquals(
        List.of("NEW->PLACED", "PLACED->CONFIRMED", "PLACED->CANCELLED",
            "CONFIRMED->SHIPPED", "CONFIRMED->CANCELLED", "SHIPPED->DELIVERED"),
        legal);
    assertEquals(OrderStatus.values().length * COMMAND_TO.size() - legal.size(),
        illegalTransitions().count());
    assertEquals(OrderStatus.values().length, HISTORY.size());
  }

  @Test
  void aConfirmedThenCancelledOrderStaysCancelled() {
    ORDER.given(PLACED, CONFIRMED, new OrderCancelled("o-1", "out of stock"))
        .when(new ShipOrder("TRACK12345"))
        .thenRejected(
            "cannot ship order o-1: it is CANCELLED, and only a CONFIRMED order can be shipped");
  }
}
