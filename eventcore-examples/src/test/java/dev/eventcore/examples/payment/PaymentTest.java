package dev.eventcore.examples.payment;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.payment.PaymentCommand.RecordCharge;
import dev.eventcore.examples.payment.PaymentCommand.RecordDecline;
import dev.eventcore.examples.payment.PaymentCommand.RefundPayment;
import dev.eventcore.examples.payment.PaymentCommand.RequestPayment;
import dev.eventcore.examples.payment.PaymentEvent.PaymentCharged;
import dev.eventcore.examples.payment.PaymentEvent.PaymentDeclined;
import dev.eventcore.examples.payment.PaymentEvent.PaymentRefunded;
import dev.eventcore.examples.payment.PaymentEvent.PaymentRequested;
import dev.eventcore.testkit.DeciderFixture;
import dev.eventcore.testkit.FoldCost;
import org.junit.jupiter.api.Test;

/** The payment aggregate: its life, and idempotent commands. */
class PaymentTest {
  static final DeciderFixture<PaymentCommand, Payment, PaymentEvent> PAYMENT =
      DeciderFixture.of(Payment.DECIDER);
  static final Money AMOUNT = Money.ofCents(4_250);
  static final PaymentRequested REQUESTED = new PaymentRequested("pay-o-1", "o-1", AMOUNT);
  static final PaymentCharged CHARGED = new PaymentCharged("pay-o-1", "o-1", "ch-1", AMOUNT);

  @Test
  void aRequestAwaitsTheGateway() {
    PAYMENT.given().when(new RequestPayment("pay-o-1", "o-1", AMOUNT)).then(REQUESTED)
        .thenState(new Payment("pay-o-1", "o-1", AMOUNT, PaymentStatus.REQUESTED, ""));
  }

  @Test
  void theSameRequestAgainIsANoOpAndAnotherIsRejected() {
    PAYMENT.given(REQUESTED).when(new RequestPayment("pay-o-1", "o-1", AMOUNT)).thenNothing();
    PAYMENT.given(REQUESTED, CHARGED).when(new RequestPayment("pay-o-1", "o-1", AMOUNT))
        .thenNothing();
    PAYMENT.given(REQUESTED).when(new RequestPayment("pay-o-1", "o-1", Money.ofCents(1)))
        .thenRejected(
            "order o-1 has payment pay-o-1 of 42.50 already; cannot request pay-o-1 of 0.01");
  }

  @Test
  void aChargeIsRecordedOnce() {
    PAYMENT.given(REQUESTED).when(new RecordCharge("ch-1")).then(CHARGED)
        .thenState(new Payment("pay-o-1", "o-1", AMOUNT, PaymentStatus.CHARGED, "ch-1"));
    PAYMENT.given(REQUESTED, CHARGED).when(new RecordCharge("ch-1")).thenNothing();
    PAYMENT.given(REQUESTED, CHARGED).when(new RecordCharge("ch-2"))
        .thenRejected("cannot record charge ch-2 for payment pay-o-1: it is CHARGED, not REQUESTED");
  }

  @Test
  void aChargeWithoutARequestIsRejected() {
    PAYMENT.given().when(new RecordCharge("ch-1"))
        .thenRejected("cannot record charge ch-1 for a payment never requested");
  }

  @Test
  void aDeclineEndsTheRequest() {
    PaymentDeclined declined = new PaymentDeclined("pay-o-1", "o-1", "card declined");
    PAYMENT.given(REQUESTED).when(new RecordDecline("card declined")).then(declined);
    PAYMENT.given(REQUESTED, declined).when(new RecordDecline("card declined")).thenNothing();
    PAYMENT.given(REQUESTED, declined).when(new RecordCharge("ch-1"))
        .thenRejected("cannot record charge ch-1 for payment pay-o-1: it is DECLINED, not REQUESTED");
    PAYMENT.given(REQUESTED, CHARGED).when(new RecordDecline("card declined"))
        .thenRejected("cannot record a decline of payment pay-o-1: it is CHARGED, not REQUESTED");
  }

  @Test
  void onlyAChargedPaymentIsRefundedAndOnlyOnce() {
    PaymentRefunded refunded = new PaymentRefunded("pay-o-1", "o-1", AMOUNT, "order cancelled");
    PAYMENT.given(REQUESTED, CHARGED).when(new RefundPayment("order cancelled")).then(refunded)
        .thenState(new Payment("pay-o-1", "o-1", AMOUNT, PaymentStatus.REFUNDED, "ch-1"));
    PAYMENT.given(REQUESTED, CHARGED, refunded).when(new RefundPayment("again")).thenNothing();
    PAYMENT.given(REQUESTED).when(new RefundPayment("order cancelled"))
        .thenRejected("cannot refund payment pay-o-1: it is REQUESTED, not CHARGED");
    PAYMENT.given().when(new RefundPayment("order cancelled"))
        .thenRejected("cannot refund a payment never requested");
  }

  @Test
  void foldingCostsTheSameHoweverLongThePaymentsStream() {
    FoldCost.of(Payment.DECIDER).assertConstantPerEvent(i -> i % 2 == 0
        ? new PaymentRequested("p-1", "o-1", Money.ofCents(100))
        : new PaymentCharged("p-1", "o-1", "ch-" + i, Money.ofCents(100)));
  }
}
