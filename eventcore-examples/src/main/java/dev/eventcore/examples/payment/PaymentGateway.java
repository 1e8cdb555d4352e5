package dev.eventcore.examples.payment;

import dev.eventcore.examples.Money;

/**
 * A payment provider: the one side effect of paying. Implementations must be idempotent per
 * payment id, as real providers are with an idempotency key: a charge repeated after a lost
 * answer returns the first answer and takes no money again.
 */
public interface PaymentGateway {

  /**
   * Charges {@code amount} for {@code paymentId}, or returns the answer already given for it.
   *
   * @throws PaymentGatewayTimeoutException if no answer came; the charge may have happened, so
   *     retry with the same payment id
   * @throws IllegalArgumentException if {@code paymentId} was charged before for another amount
   */
  ChargeResult charge(String paymentId, Money amount);

  /**
   * Gives back the charge of {@code paymentId}; does nothing if it was refunded already.
   *
   * @throws IllegalStateException if {@code paymentId} was never charged
   */
  void refund(String paymentId);

  /** The gateway's answer to a charge. */
  sealed interface ChargeResult {
    /** The money was taken, as charge {@code chargeId}. */
    record Approved(String chargeId) implements ChargeResult {}

    /** The charge was refused for {@code reason}. */
    record Declined(String reason) implements ChargeResult {}
  }
}
