package dev.eventcore.examples.fulfillment;

import static dev.eventcore.examples.fulfillment.Shop.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Cancel;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Charge;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Release;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.Reserve;
import dev.eventcore.examples.fulfillment.FulfillmentCommand.VoidCharge;
import dev.eventcore.examples.inventory.InventoryEvent.StockReserved;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.OrderEvent.OrderPlaced;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.payment.PaymentEvent.PaymentCharged;
import dev.eventcore.examples.payment.PaymentEvent.PaymentDeclined;
import dev.eventcore.testkit.SagaFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FulfillmentSagaTest {
  static final SagaFixture<Fulfillment, FulfillmentEvent> SAGA =
      SagaFixture.of(new FulfillmentSaga(Shop.PAYMENT_TIMEOUT));
  static final Sku APPLE = Sku.of("APPLE");
  static final List<LineItem> LINES = List.of(line("APPLE", 2));
  static final OrderPlaced PLACED = new OrderPlaced("o-1", "c-1", LINES);
  static final StockReserved RESERVED = new StockReserved(APPLE, "o-1", 2);
  static final Money TOTAL = Money.ofCents(500);

  @Test
  void aPlacedOrderReservesEachLine() {
    SAGA.given().when(PLACED).thenDispatched(new Reserve("o-1", APPLE, 2)).thenNotCompleted();
  }

  @Test
  void aFullyReservedOrderIsChargedUnderATimeout() {
    SAGA.given(PLACED).when(RESERVED)
        .thenDispatched(new Charge("o-1", TOTAL))
        .thenScheduled(FulfillmentSaga.PAYMENT_TIMEOUT);
  }

  @Test
  void aDeclinedPaymentReleasesTheStockAndCancels() {
    SAGA.given(PLACED, RESERVED).when(new PaymentDeclined("pay-o-1", "o-1", "card declined"))
        .thenDispatched(new Release("o-1", APPLE), new Cancel("o-1", "payment declined"))
        .thenCompleted();
  }

  @Test
  void aRefusedReservationCancels() {
    SAGA.given(PLACED).whenRejected(new Reserve("o-1", APPLE, 2), "not enough APPLE")
        .thenDispatched(new Release("o-1", APPLE), new Cancel("o-1", "out of stock"))
        .thenCompleted();
  }

  @Test
  void noPaymentAnswerInTimeVoidsTheChargeAndCompensates() {
    SAGA.given(PLACED, RESERVED).whenTimeout(FulfillmentSaga.PAYMENT_TIMEOUT)
        .thenDispatched(new VoidCharge("o-1", TOTAL), new Release("o-1", APPLE),
            new Cancel("o-1", "no payment answer in 30 s"))
        .thenCompleted();
  }

  @Test
  void aChargeCancelsTheTimeoutAndShips() {
    SAGA.given(PLACED, RESERVED).when(new PaymentCharged("pay-o-1", "o-1", "ch-1", TOTAL))
        .thenCancelled(FulfillmentSaga.PAYMENT_TIMEOUT).thenNotCompleted();
  }

  @Test
  void ordersAreDeliveredOrCancelledEndToEnd() {
    Shop shop = new Shop(3, 0.5, 0.0);
    shop.receive(APPLE, 5);
    shop.place("o-1", List.of(line("APPLE", 2)));
    shop.place("o-2", List.of(line("APPLE", 2)));
    shop.place("o-3", List.of(line("APPLE", 2)));
    shop.settle();

    long delivered = 0;
    for (String id : List.of("o-1", "o-2", "o-3")) {
      OrderStatus status = shop.order(id).status();
      assertTrue(status == OrderStatus.DELIVERED || status == OrderStatus.CANCELLED, id + " " + status);
      delivered += status == OrderStatus.DELIVERED ? 1 : 0;
      assertTrue(shop.sagas.instance(id).completed());
    }
    assertEquals(0, shop.inventory("APPLE").reserved());
    assertEquals(5 - 2 * delivered, shop.inventory("APPLE").onHand());
  }

  @Test
  void eventsOfOtherOrdersOrStockArrivalsAreIgnored() {
    RecordedEvent<Object> unrelated = new RecordedEvent<>(GlobalPosition.of(1),
        StreamId.of("x", "1"), Version.of(1), EventId.random(), "Other", "other",
        Metadata.empty(), Instant.EPOCH);
    assertTrue(new FulfillmentSaga(Shop.PAYMENT_TIMEOUT).associationOf(unrelated).isEmpty());
  }
}
