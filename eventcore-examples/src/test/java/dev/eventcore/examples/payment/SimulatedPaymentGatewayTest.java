package dev.eventcore.examples.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.payment.PaymentGateway.ChargeResult;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simulated gateway is idempotent per payment id, and the processor relies on it. */
class SimulatedPaymentGatewayTest {
  static final Money TEN = Money.ofCents(1_000);

  @Test
  void aRetriedChargeReturnsTheFirstAnswerAndChargesOnce() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(1, 0);
    ChargeResult first = gateway.charge("pay-1", TEN);
    ChargeResult again = gateway.charge("pay-1", TEN);
    assertEquals(new ChargeResult.Approved("ch-1"), first);
    assertEquals(first, again);
    assertEquals(1, gateway.chargeCount());
    assertEquals(2, gateway.calls());
    assertEquals(
        List.of(new SimulatedPaymentGateway.Charge("pay-1", "ch-1", TEN, false)),
        gateway.charges());
  }

  @Test
  void aDeclineIsRememberedToo() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(1, 1);
    assertInstanceOf(ChargeResult.Declined.class, gateway.charge("pay-1", TEN));
    assertInstanceOf(ChargeResult.Declined.class, gateway.charge("pay-1", TEN));
    assertEquals(0, gateway.chargeCount());
  }

  @Test
  void theSamePaymentIdForAnotherAmountIsRefused() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(1, 0);
    gateway.charge("pay-1", TEN);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gateway.charge("pay-1", TEN.times(2)));
    assertEquals(
        "payment pay-1 was charged 10.00 before; cannot charge 20.00 under the same payment id",
        e.getMessage());
    assertEquals(1, gateway.chargeCount());
  }

  @Test
  void theDeclineRateIsRoughlyHonouredAndReproducibleBySeed() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(42, 0.2);
    SimulatedPaymentGateway twin = new SimulatedPaymentGateway(42, 0.2);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(gateway.charge("pay-" + i, TEN), twin.charge("pay-" + i, TEN));
    }
    int declined = 1_000 - gateway.chargeCount();
    assertTrue(declined > 150 && declined < 250, declined + " of 1000 declined at rate 0.2");
  }

  @Test
  void ratesOutsideTheirRangesAreInvalid() {
    assertThrows(IllegalArgumentException.class, () -> new SimulatedPaymentGateway(1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new SimulatedPaymentGateway(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new SimulatedPaymentGateway(1, 0, 1));
  }

  @Test
  void aRefundIsIdempotentAndNeedsACharge() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(1, 0);
    assertThrows(IllegalStateException.class, () -> gateway.refund("pay-1"));
    gateway.charge("pay-1", TEN);
    gateway.refund("pay-1");
    gateway.refund("pay-1");
    assertTrue(gateway.charges().get(0).refunded());
    assertEquals(1, gateway.chargeCount());
  }

  @Test
  void threadsChargingTheSamePaymentsChargeEachOnce() throws Exception {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(3, 0.1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<ChargeResult>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          List<ChargeResult> results = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            results.add(gateway.charge("pay-" + i, TEN));
          }
          return results;
        }));
      }
      start.countDown();
      List<ChargeResult> first = futures.get(0).get(60, TimeUnit.SECONDS);
      for (Future<List<ChargeResult>> future : futures) {
        assertEquals(first, future.get(60, TimeUnit.SECONDS), "every thread hears the same answers");
      }
      assertEquals(800, gateway.calls());
      long approved = first.stream().filter(r -> r instanceof ChargeResult.Approved).count();
      assertEquals(approved, gateway.chargeCount());
      Set<String> ids = new HashSet<>();
      gateway.charges().forEach(charge -> ids.add(charge.paymentId()));
      assertEquals(approved, ids.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theProcessorRetriedAfterLostAnswersChargesEveryOrderOnce() {
    // half of all answers are lost: the charge may have happened, the caller cannot tell
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(7, 0.25, 0.5);
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      AggregateRepository<PaymentCommand, Payment, PaymentEvent> payments =
          Payment.repository(store);
      PaymentProcessor processor = new PaymentProcessor(payments, gateway);
      int timeouts = 0;
      int charged = 0;
      for (int order = 0; order < 200; order++) {
        Payment payment;
        while (true) {
          try {
            payment = processor.pay("o-" + order, TEN);
            break;
          } catch (PaymentGatewayTimeoutException lost) {
            timeouts++;
          }
        }
        assertEquals(payment, processor.pay("o-" + order, TEN), "paying again changes nothing");
        if (payment.status() == PaymentStatus.CHARGED) {
          charged++;
        } else {
          assertEquals(PaymentStatus.DECLINED, payment.status());
        }
      }
      assertTrue(timeouts > 50, "the test must exercise lost answers, saw " + timeouts);
      assertEquals(charged, gateway.chargeCount(), "one charge per charged order, none twice");
      assertTrue(charged > 100 && charged < 200, charged + " charged at decline rate 0.25");
      long events = store.readAll(GlobalPosition.START, 10_000).size();
      assertEquals(400, events, "one request and one answer per order");

      Payment refunded = processor.refund("o-" + firstCharged(payments), "order cancelled");
      assertEquals(PaymentStatus.REFUNDED, refunded.status());
      assertEquals(1, gateway.charges().stream().filter(c -> c.refunded()).count());
      assertFalse(gateway.charges().isEmpty());
    }
  }

  private static int firstCharged(AggregateRepository<PaymentCommand, Payment, PaymentEvent> p) {
    for (int order = 0; ; order++) {
      if (p.load(Payment.stream("o-" + order)).state().status() == PaymentStatus.CHARGED) {
        return order;
      }
    }
  }
}
