package dev.eventcore.examples.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.inventory.Inventory;
import dev.eventcore.examples.inventory.InventoryCommand;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderCommand;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.payment.SimulatedPaymentGateway;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the fulfillment saga costs the store per order: the stream reads and appends the runner
 * and its dispatcher make, counted on the happy path (every order delivered).
 */
class FulfillmentStoreCallsTest {
  static final int ORDERS = 200;

  /** Counts the calls the saga's side makes. */
  static final class Counting extends ForwardingEventStore {
    final AtomicLong streamReads = new AtomicLong();
    final AtomicLong appends = new AtomicLong();
    final AtomicLong sagaEvents = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    Counting(EventStore delegate) {
      super(delegate);
    }

    @Override
    public AppendResult append(List<StreamAppend> appends) {
      this.appends.incrementAndGet();
      for (StreamAppend append : appends) {
        events.addAndGet(append.events().size());
        if (append.stream().category().startsWith("saga_")) {
          sagaEvents.addAndGet(append.events().size());
        }
      }
      return super.append(appends);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
      streamReads.incrementAndGet();
      return super.readStream(stream, from, maxCount);
    }

    @Override
    public List<RecordedEvent<?>> readStream(StreamId stream) {
      streamReads.incrementAndGet();
      return super.readStream(stream);
    }
  }

  @Test
  void theSagaSideOfAnOrderCostsAFewStoreCalls() {
    EventStore store = new InMemoryEventStore(FulfillmentDispatcher.eventTypes());
    Counting counting = new Counting(store);
    SagaRunner<Fulfillment> sagas = SagaRunner.builder(counting,
        new FulfillmentSaga(Shop.PAYMENT_TIMEOUT),
        new FulfillmentDispatcher(counting, new SimulatedPaymentGateway(3, 0.0, 0.0)))
        .clock(ManualClock.create()).build();
    AggregateRepository<OrderCommand, Order, OrderEvent> orders = Order.repository(store);
    AggregateRepository<InventoryCommand, Inventory, InventoryEvent> stock =
        Inventory.repository(store);
    for (String sku : List.of("APPLE", "PEAR")) {
      stock.handle(Inventory.stream(Sku.of(sku)),
          new InventoryCommand.ReceiveStock(Sku.of(sku), 10 * ORDERS));
    }
    for (int i = 0; i < ORDERS; i++) {
      orders.handle(Order.stream("o-" + i), new OrderCommand.PlaceOrder("o-" + i, "c-1",
          List.of(Shop.line("APPLE", 1), Shop.line("PEAR", 2))));
    }
    GlobalPosition delivered = GlobalPosition.START;
    for (int round = 0; round < 1_000; round++) {
      List<RecordedEvent<?>> page = store.readAll(delivered, 500);
      for (RecordedEvent<?> event : page) {
        sagas.handle(event);
        delivered = event.position();
      }
      if (sagas.tick() == 0 && page.isEmpty()) {
        break;
      }
    }
    for (int i = 0; i < ORDERS; i++) {
      assertEquals(OrderStatus.DELIVERED, orders.load(Order.stream("o-" + i)).state().status());
    }
    double reads = counting.streamReads.get() / (double) ORDERS;
    double appends = counting.appends.get() / (double) ORDERS;
    System.out.printf("fulfillment, per order: %.1f stream reads, %.1f appends, %.1f events"
        + " written (%.1f of them saga records)%n", reads, appends,
        counting.events.get() / (double) ORDERS, counting.sagaEvents.get() / (double) ORDERS);
    // before the saga runner decided order and inventory commands in its steps' transactions:
    // 40 stream reads and 24 appends per order; since new instances are taken unread and a step
    // no longer decides a second command on one stream: 1 read (the dispatcher's repository
    // reads each order once, as another repository placed it) and 9 appends
    assertTrue(reads <= 1.5, "stream reads per order: " + reads);
    assertTrue(appends <= 9.0, "appends per order: " + appends);
  }
}
