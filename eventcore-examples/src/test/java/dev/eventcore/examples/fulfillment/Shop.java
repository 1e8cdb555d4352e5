package dev.eventcore.examples.fulfillment;

import dev.eventcore.testkit.ManualClock;
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
import dev.eventcore.examples.payment.SimulatedPaymentGateway;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.saga.SagaRunner;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** The fulfillment wired on an in-memory store, driven by hand: deliveries, duplicates, ticks. */
final class Shop {
  static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);

  final EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes());
  final ManualClock clock = ManualClock.create();
  final SimulatedPaymentGateway gateway;
  final AggregateRepository<OrderCommand, Order, OrderEvent> orders = Order.repository(store);
  final AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock =
      Inventory.repository(store);
  final SagaRunner<Fulfillment> sagas;
  private final Random random;
  private GlobalPosition delivered = GlobalPosition.START;

  Shop(long seed, double declineRate, double lostAnswerRate) {
    this.gateway = new SimulatedPaymentGateway(seed, declineRate, lostAnswerRate);
    this.random = new Random(seed);
    this.sagas = SagaRunner.builder(store, new FulfillmentSaga(PAYMENT_TIMEOUT),
        new FulfillmentDispatcher(store, gateway)).clock(clock).build();
  }

  void receive(Sku sku, int quantity) {
    stock.handle(Inventory.stream(sku), new InventoryCommand.ReceiveStock(sku, quantity));
  }

  void place(String orderId, List<LineItem> lines) {
    orders.handle(Order.stream(orderId), new OrderCommand.PlaceOrder(orderId, "c-1", lines));
  }

  static LineItem line(String sku, int quantity) {
    return new LineItem(Sku.of(sku), quantity, Money.ofCents(250));
  }

  /** Delivers new events (a quarter of them twice) and ticks; whether anything was new. */
  boolean round() {
    List<RecordedEvent<?>> page = store.readAll(delivered, 500);
    for (RecordedEvent<?> event : page) {
      sagas.handle(event);
      if (random.nextInt(4) == 0) {
        sagas.handle(event);
      }
      delivered = event.position();
    }
    return sagas.tick() > 0 || !page.isEmpty();
  }

  void settle() {
    for (int i = 0; i < 1_000 && round(); i++) {
      // until quiet
    }
  }

  Order order(String orderId) {
    return orders.load(Order.stream(orderId)).state();
  }

  Inventory inventory(String sku) {
    return stock.load(Inventory.stream(Sku.of(sku))).state();
  }
}
