package dev.eventcore.examples.payment;

import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.payment.PaymentCommand.RecordCharge;
import dev.eventcore.examples.payment.PaymentCommand.RecordDecline;
import dev.eventcore.examples.payment.PaymentCommand.RefundPayment;
import dev.eventcore.examples.payment.PaymentCommand.RequestPayment;
import java.util.Objects;

/**
 * Pays for an order: the side effect (the gateway call) happens between two commands, never
 * inside a decider.
 *
 * <ol>
 *   <li>{@link RequestPayment} records the intent ({@code PaymentRequested}) under the payment id
 *       {@code pay-<orderId>};
 *   <li>the gateway charges, idempotent per that payment id;
 *   <li>{@link RecordCharge} or {@link RecordDecline} records its answer.
 * </ol>
 *
 * <p>A crash or a {@link PaymentGatewayTimeoutException} anywhere in between is repaired by
 * calling {@link #pay} again: each step is idempotent, so the retry finishes the work and the
 * customer is charged once. Thread-safe if the gateway is.
 */
public final class PaymentProcessor {
  private final AggregateRepository<PaymentCommand, Payment, PaymentEvent> payments;
  private final PaymentGateway gateway;

  /** A processor recording payments in {@code payments} and charging through {@code gateway}. */
  public PaymentProcessor(
      AggregateRepository<PaymentCommand, Payment, PaymentEvent> payments,
      PaymentGateway gateway) {
    this.payments = Objects.requireNonNull(payments, "payments");
    this.gateway = Objects.requireNonNull(gateway, "gateway");
  }

  /** The payment id used for order {@code orderId}: {@code pay-<orderId>}. */
  public static String paymentIdOf(String orderId) {
    return "pay-" + orderId;
  }

  /**
   * Charges {@code amount} for order {@code orderId} unless the payment already has an answer,
   * and returns the payment, {@link PaymentStatus#CHARGED} or {@link PaymentStatus#DECLINED}.
   *
   * @throws PaymentGatewayTimeoutException if the gateway did not answer; call again
   * @throws dev.eventcore.command.CommandRejectedException if the order has a payment of another
   *     amount
   */
  public Payment pay(String orderId, Money amount) {
    StreamId stream = Payment.stream(orderId);
    String paymentId = paymentIdOf(orderId);
    Payment payment =
        payments.handleAndGet(stream, new RequestPayment(paymentId, orderId, amount)).state();
    if (payment.status() != PaymentStatus.REQUESTED) {
      return payment; // answered on an earlier call
    }
    PaymentGateway.ChargeResult result = gateway.charge(paymentId, amount);
    if (result instanceof PaymentGateway.ChargeResult.Approved) {
      String chargeId = ((PaymentGateway.ChargeResult.Approved) result).chargeId();
      return payments.handleAndGet(stream, new RecordCharge(chargeId)).state();
    }
    String reason = ((PaymentGateway.ChargeResult.Declined) result).reason();
    return payments.handleAndGet(stream, new RecordDecline(reason)).state();
  }

  /**
   * Gives back order {@code orderId}'s charge: the gateway first (idempotent), then the fact.
   * Calling it again after a failure, or after it succeeded, is safe.
   *
   * @throws dev.eventcore.command.CommandRejectedException if the payment was never charged
   */
  public Payment refund(String orderId, String reason) {
    StreamId stream = Payment.stream(orderId);
    Payment payment = payments.load(stream).state();
    if (payment.status() == PaymentStatus.CHARGED) {
      gateway.refund(payment.paymentId());
    }
    return payments.handleAndGet(stream, new RefundPayment(reason)).state();
  }
}
