package dev.eventcore.examples.payment;

import dev.eventcore.examples.Money;

/** The facts of an order's payment. */
public sealed interface PaymentEvent {

  /** The payment's id, the gateway's deduplication key. */
  String paymentId();

  /** The order paid for. */
  String orderId();

  /** {@code amount} was requested for the order; the gateway has not answered yet. */
  record PaymentRequested(String paymentId, String orderId, Money amount) implements PaymentEvent {}

  /** The gateway took {@code amount}, as its charge {@code chargeId}. */
  record PaymentCharged(String paymentId, String orderId, String chargeId, Money amount)
      implements PaymentEvent {}

  /** The gateway refused the payment. */
  record PaymentDeclined(String paymentId, String orderId, String reason)
      implements PaymentEvent {}

  /** The charged {@code amount} was given back. */
  record PaymentRefunded(String paymentId, String orderId, Money amount, String reason)
      implements PaymentEvent {}
}
