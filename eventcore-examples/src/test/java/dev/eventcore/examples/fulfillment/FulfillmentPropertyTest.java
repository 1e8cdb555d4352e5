package dev.eventcore.examples.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.order.LineItem;
import dev.eventcore.examples.order.Order;
import dev.eventcore.examples.order.OrderStatus;
import dev.eventcore.examples.payment.PaymentProcessor;
import dev.eventcore.examples.payment.SimulatedPaymentGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Any interleaving of orders, deliveries (with duplicates), declines and lost gateway answers:
 * reserved stock always equals the sum over open orders, no stock is created or lost, and no
 * payment is charged twice; after the payment timeout every order is delivered or cancelled and
 * exactly the delivered ones keep a charge.
 */
class FulfillmentPropertyTest {
  static final String[] SKUS = {"APPLE", "PEAR", "PLUM"};

  /** One order: a quantity (0 = no line) per SKU, and after how many rounds it is placed. */
  record Spec(int apples, int pears, int plums, int delay) {}

  static final Gen<List<Spec>> ORDERS = lists()
      .of(integers().between(0, 4).zip(integers().between(0, 4), integers().between(0, 4),
          integers().between(0, 3), Spec::new))
      .ofSizeBetween(1, 25);

  static final Gen<List<Integer>> STOCK = lists().of(integers().between(0, 20)).ofSize(3);

  @Test
  void stockIsConservedAndNoPaymentIsChargedTwice() {
    qt().withFixedSeed(20_261_123L)
        .withExamples(40)
        .forAll(ORDERS, STOCK, longs().between(0, 1_000))
        .checkAssert(FulfillmentPropertyTest::check);
    assertTrue(OUTCOMES.getOrDefault(OrderStatus.DELIVERED, 0) > 20
        && OUTCOMES.getOrDefault(OrderStatus.CANCELLED, 0) > 20
        && TIMED_OUT[0] > 0, "both outcomes and timeouts exercised: " + OUTCOMES + ", timeouts " + TIMED_OUT[0]);
  }

  static final Map<OrderStatus, Integer> OUTCOMES = new TreeMap<>();
  static final long[] TIMED_OUT = new long[1];

  static void check(List<Spec> specs, List<Integer> received, long seed) {
    Shop shop = new Shop(seed, 0.3, seed % 2 == 0 ? 0.25 : 0.0);
    for (int i = 0; i < SKUS.length; i++) {
      if (received.get(i) > 0) {
        shop.receive(dev.eventcore.examples.Sku.of(SKUS[i]), received.get(i));
      }
    }
    Map<String, List<LineItem>> placed = new TreeMap<>();
    for (int round = 0; round <= 3; round++) {
      for (int i = 0; i < specs.size(); i++) {
        Spec spec = specs.get(i);
        List<LineItem> lines = lines(spec);
        if (spec.delay() == round && !lines.isEmpty()) {
          shop.place("o-" + i, lines);
          placed.put("o-" + i, lines);
        }
      }
      shop.round();
      checkStock(shop, placed, received);
    }
    shop.settle();
    checkStock(shop, placed, received);
    checkCharges(shop, placed, false);

    shop.clock.advance(Shop.PAYMENT_TIMEOUT.plus(Duration.ofSeconds(1)));
    for (int i = 0; i < 50 && !shop.sagas.openInstances().isEmpty(); i++) {
      shop.settle();
    }
    assertEquals(List.of(), shop.sagas.openInstances(), "no saga stuck past its timeout");
    TIMED_OUT[0] += shop.sagas.stats().timeoutsFired();
    checkStock(shop, placed, received);
    checkCharges(shop, placed, true);
  }

  static List<LineItem> lines(Spec spec) {
    List<LineItem> lines = new ArrayList<>();
    int[] quantities = {spec.apples(), spec.pears(), spec.plums()};
    for (int i = 0; i < SKUS.length; i++) {
      if (quantities[i] > 0) {
        lines.add(Shop.line(SKUS[i], quantities[i]));
      }
    }
    return lines;
  }

  /** Reserved = the open orders' held lines; on hand = received - shipped. */
  static void checkStock(Shop shop, Map<String, List<LineItem>> placed, List<Integer> received) {
    for (int s = 0; s < SKUS.length; s++) {
      String sku = SKUS[s];
      long held = 0;
      long gone = 0;
      for (Map.Entry<String, List<LineItem>> order : placed.entrySet()) {
        var reservation = shop.inventory(sku).reservations().get(order.getKey());
        OrderStatus status = shop.order(order.getKey()).status();
        for (LineItem line : order.getValue()) {
          if (!line.sku().value().equals(sku) || reservation == null) {
            continue;
          }
          switch (reservation.status()) {
            case HELD:
              assertTrue(status == OrderStatus.PLACED || status == OrderStatus.CONFIRMED
                  || status == OrderStatus.CANCELLED, order.getKey() + " holds " + sku + " while " + status);
              held += line.quantity();
              break;
            case COMMITTED:
              gone += line.quantity();
              break;
            default:
              break;
          }
        }
      }
      assertEquals(held, shop.inventory(sku).reserved(), "reserved " + sku);
      assertEquals(received.get(s) - gone, shop.inventory(sku).onHand(), "on hand " + sku);
      assertTrue(shop.inventory(sku).available() >= 0, "available " + sku);
    }
  }

  static void checkCharges(Shop shop, Map<String, List<LineItem>> placed, boolean settled) {
    Set<String> charged = new HashSet<>();
    Map<String, Money> kept = new HashMap<>();
    for (SimulatedPaymentGateway.Charge charge : shop.gateway.charges()) {
      assertTrue(charged.add(charge.paymentId()), "charged twice: " + charge.paymentId());
      if (!charge.refunded()) {
        kept.put(charge.paymentId(), charge.amount());
      }
    }
    if (!settled) {
      return;
    }
    for (Map.Entry<String, List<LineItem>> entry : placed.entrySet()) {
      Order order = shop.order(entry.getKey());
      String paymentId = PaymentProcessor.paymentIdOf(entry.getKey());
      OUTCOMES.merge(order.status(), 1, Integer::sum);
      if (order.status() == OrderStatus.DELIVERED) {
        assertEquals(order.total(), kept.get(paymentId), entry.getKey() + " paid its total");
      } else {
        assertEquals(OrderStatus.CANCELLED, order.status(), entry.getKey());
        assertTrue(!kept.containsKey(paymentId), entry.getKey() + " cancelled but charged");
        for (String sku : SKUS) {
          var reservation = shop.inventory(sku).reservations().get(entry.getKey());
          assertTrue(reservation == null || reservation.status().name().equals("RELEASED"),
              entry.getKey() + " cancelled but holds " + sku);
        }
      }
    }
  }
}
