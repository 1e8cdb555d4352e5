package dev.eventcore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.examples.bank.AccountEvent;
import dev.eventcore.examples.inventory.InventoryEvent;
import dev.eventcore.examples.order.OrderEvent;
import dev.eventcore.examples.payment.PaymentEvent;
import dev.eventcore.serialization.EventTypes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared values, and the event types of all examples living in one store. */
class ValuesTest {

  @Test
  void moneyIsExactAndPrintsTwoDecimals() {
    Money sum = Money.zero();
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(Money.ofCents(10)); // 0.1 ten times is exactly 1.00
    }
    assertEquals(Money.ofCents(100), sum);
    assertEquals("1.00", sum.toString());
    assertEquals("-0.05", Money.ofCents(-5).toString());
    assertEquals("-12.34", Money.ofCents(-1_234).toString());
    assertEquals("-92233720368547758.08", Money.ofCents(Long.MIN_VALUE).toString());
    assertEquals(Money.ofCents(-7), Money.ofCents(3).minus(Money.ofCents(10)));
    assertEquals(Money.ofCents(2_997), Money.ofCents(999).times(3));
  }

  @Test
  void moneyOverflowFailsInsteadOfWrapping() {
    Money max = Money.ofCents(Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> max.plus(Money.ofCents(1)));
    assertThrows(ArithmeticException.class, () -> max.times(2));
    assertThrows(ArithmeticException.class, () -> Money.ofCents(Long.MIN_VALUE).negated());
  }

  @Test
  void skusAndIdsAreValidated() {
    assertEquals("APPLE-1KG", Sku.of("APPLE-1KG").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sku.of("apple"));
    assertEquals(
        "invalid SKU 'apple': use 1 to 32 upper-case letters, digits or '-',"
            + " starting with a letter or digit",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sku.of("-X"));
    assertThrows(NullPointerException.class, () -> Sku.of(null));
    assertEquals("o-1_a", Ids.require("o-1_a", "orderId"));
    IllegalArgumentException id =
        assertThrows(IllegalArgumentException.class, () -> Ids.require("", "orderId"));
    assertEquals("invalid orderId '': use 1 to 64 letters, digits, '-' or '_'", id.getMessage());
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> Ids.require(null, "orderId"));
    assertEquals("orderId", npe.getMessage());
  }

  @Test
  void allExampleEventsRegisterInOneStoreUnderDistinctNames() {
    EventTypes types = EventTypes.of(
        OrderEvent.class, InventoryEvent.class, PaymentEvent.class, AccountEvent.class);
    Set<String> names = new HashSet<>();
    List<Class<?>> events = List.of(
        OrderEvent.OrderPlaced.class, OrderEvent.OrderConfirmed.class,
        OrderEvent.OrderCancelled.class, OrderEvent.OrderShipped.class,
        OrderEvent.OrderDelivered.class, InventoryEvent.StockReceived.class,
        InventoryEvent.StockReserved.class, InventoryEvent.ReservationReleased.class,
        InventoryEvent.ReservationCommitted.class, PaymentEvent.PaymentRequested.class,
        PaymentEvent.PaymentCharged.class, PaymentEvent.PaymentDeclined.class,
        PaymentEvent.PaymentRefunded.class, AccountEvent.AccountOpened.class,
        AccountEvent.MoneyDeposited.class, AccountEvent.TransferDebited.class,
        AccountEvent.TransferCredited.class);
    for (Class<?> event : events) {
      String name = types.nameOf(event);
      names.add(name);
      assertEquals(event, types.classOf(name));
    }
    assertEquals(events.size(), names.size());
  }
}
