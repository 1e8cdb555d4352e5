package dev.eventcore.examples.payment;

import dev.eventcore.examples.Ids;
import dev.eventcore.examples.Money;
import java.util.Objects;

/**
 * What a caller asks of an order's payment. Recording the gateway's answers is a command too:
 * the decider checks that the answer fits the payment's state before it becomes a fact.
 */
public sealed interface PaymentCommand {

  /**
   * Ask for {@code amount} for order {@code orderId}. Idempotent for the same payment id and
   * amount.
   *
   * @param paymentId the id the gateway deduplicates charges by
   * @param amount more than zero
   */
  record RequestPayment(String paymentId, String orderId, Money amount) implements PaymentCommand {
    /** Validates the arguments. */
    public RequestPayment {
      Ids.require(paymentId, "paymentId");
      Ids.require(orderId, "orderId");
      Objects.requireNonNull(amount, "amount");
      if (amount.signum() <= 0) {
        throw new IllegalArgumentException("a payment amount must be above zero, but was " + amount);
      }
    }
  }

  /** The gateway charged the payment, under its {@code chargeId}. Idempotent. */
  record RecordCharge(String chargeId) implements PaymentCommand {
    /** Validates the argument. */
    public RecordCharge {
      Ids.require(chargeId, "chargeId");
    }
  }

  /** The gateway declined the payment, for {@code reason}. Idempotent. */
  record RecordDecline(String reason) implements PaymentCommand {
    /** Validates the argument. */
    public RecordDecline {
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a decline needs a reason, but it was blank");
      }
    }
  }

  /** Give a charged payment back, for {@code reason}. Idempotent. */
  record RefundPayment(String reason) implements PaymentCommand {
    /** Validates the argument. */
    public RefundPayment {
      Objects.requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a refund needs a reason, but it was blank");
      }
    }
  }
}
