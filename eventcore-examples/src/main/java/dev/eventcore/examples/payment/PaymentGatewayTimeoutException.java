package dev.eventcore.examples.payment;

/**
 * The gateway did not answer in time. Whether the money was taken is unknown; retrying the charge
 * with the same payment id is safe and tells.
 */
public final class PaymentGatewayTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A timeout of the charge of {@code paymentId}. */
  public PaymentGatewayTimeoutException(String paymentId) {
    super("the payment gateway did not answer for payment " + paymentId
        + "; retry with the same payment id");
  }
}
