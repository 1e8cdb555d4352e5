package dev.eventcore.examples.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadModelsTest {
  static final Sku APPLE = Sku.of("APPLE");
  static final Sku PEAR = Sku.of("PEAR");

  final EventStore store =
      new InMemoryEventStore(EventTypes.of(OrderEvent.class, InventoryEvent.class));
  final AggregateRepository<OrderCommand, Order, OrderEvent> orders = Order.repository(store);
  final AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock =
      Inventory.repository(store);
  final InMemoryCurrentOrders current = new InMemoryCurrentOrders();
  final InMemoryOrderHistory history = new InMemoryOrderHistory();
  final InMemoryCustomerOrders customers = new InMemoryCustomerOrders();
  final InMemoryInventoryLevels levels = new InMemoryInventoryLevels();

  void history() {
    place("o-1", "c-1", new LineItem(APPLE, 2, Money.ofCents(150)));
    place("o-2", "c-1", new LineItem(PEAR, 1, Money.ofCents(1_000)));
    place("o-3", "c-2", new LineItem(APPLE, 1, Money.ofCents(150)));
    orders.handle(Order.stream("o-1"), new OrderCommand.ConfirmOrder());
    orders.handle(Order.stream("o-1"), new OrderCommand.ShipOrder("TRACK1234"));
    orders.handle(Order.stream("o-1"), new OrderCommand.DeliverOrder());
    orders.handle(Order.stream("o-2"), new OrderCommand.CancelOrder("payment declined"));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReceiveStock(APPLE, 10));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReserveStock(APPLE, "o-1", 2));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.ReserveStock(APPLE, "o-3", 1));
    stock.handle(Inventory.stream(APPLE), new InventoryCommand.CommitReservation(APPLE, "o-1"));
  }

  void place(String orderId, String customer, LineItem line) {
    orders.handle(Order.stream(orderId), new OrderCommand.PlaceOrder(orderId, customer, List.of(line)));
  }

  void feedAllTwice() throws Exception {
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1_000);
    for (ReadModel model : List.of(current, history, customers, levels)) {
      for (RecordedEvent<?> event : all) {
        if (model.filter().matches(event)) {
          model.handle(event);
          model.handle(event); // a redelivery changes nothing
        }
      }
    }
  }

  @Test
  void currentOrdersShowEachOrdersStatusAndRevenue() throws Exception {
    history();
    feedAllTwice();
    assertEquals(OrderStatus.DELIVERED, current.find("o-1").orElseThrow().status());
    assertEquals(Map.of(OrderStatus.DELIVERED, 1L, OrderStatus.CANCELLED, 1L,
        OrderStatus.PLACED, 1L), current.countByStatus());
    assertEquals(Money.ofCents(300), current.totalOf(OrderStatus.DELIVERED));
  }

  @Test
  void orderHistoryListsEveryChange() throws Exception {
    history();
    feedAllTwice();
    assertEquals(List.of("OrderPlaced", "OrderConfirmed", "OrderShipped", "OrderDelivered"),
        history.of("o-1").stream().map(OrderHistory.Entry::type).toList());
    assertEquals("shipped, tracking TRACK1234", history.of("o-1").get(2).detail());
    assertEquals(List.of(), history.of("nope"));
  }

  @Test
  void customerOrdersTotalWhatWasNotCancelled() throws Exception {
    history();
    feedAllTwice();
    CustomerOrders.Customer c1 = customers.of("c-1").orElseThrow();
    assertEquals(2, c1.orders().size());
    assertEquals(Money.ofCents(300), c1.spent());
    assertEquals(1, c1.cancelled());
    assertEquals("c-1", customers.top(1).get(0).customerId());
  }

  @Test
  void inventoryShowsOnHandReservedAndAvailable() throws Exception {
    history();
    feedAllTwice();
    InventoryLevels.Level apple = levels.of(APPLE).orElseThrow();
    assertEquals(List.of(8L, 1L, 7L), List.of(apple.onHand(), apple.reserved(), apple.available()));
  }

  @Test
  void theReadModelsRunAndRebuildUnderAProjectionRunner() throws Exception {
    history();
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      for (ReadModel model : List.of(current, history, customers, levels)) {
        runner.register(model);
        runner.start(model.name());
      }
      GlobalPosition last = store.readAll(GlobalPosition.START, 1_000).get(10).position();
      for (ReadModel model : List.of(current, history, customers, levels)) {
        assertEquals(true, runner.awaitPosition(model.name(), last, Duration.ofSeconds(5)));
      }
      runner.rebuild("inventory");
      assertEquals(true, runner.awaitPosition("inventory", last, Duration.ofSeconds(5)));
    }
    assertEquals(3, current.size());
    assertEquals(8L, levels.of(APPLE).orElseThrow().onHand());
  }
}
