package dev.eventcore.examples.payment;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.payment.PaymentCommand.RecordCharge;
import dev.eventcore.examples.payment.PaymentCommand.RecordDecline;
import dev.eventcore.examples.payment.PaymentCommand.RefundPayment;
import dev.eventcore.examples.payment.PaymentCommand.RequestPayment;
import dev.eventcore.examples.payment.PaymentEvent.PaymentCharged;
import dev.eventcore.examples.payment.PaymentEvent.PaymentDeclined;
import dev.eventcore.examples.payment.PaymentEvent.PaymentRefunded;
import dev.eventcore.examples.payment.PaymentEvent.PaymentRequested;
import java.util.List;
import java.util.Objects;

/**
 * An order's payment, folded from its stream ({@code payment-<orderId>}). Every command is
 * idempotent: repeating one that already took effect decides nothing, and one that contradicts
 * the recorded facts (a second, different charge) is rejected.
 *
 * @param paymentId empty while {@link PaymentStatus#NONE}
 * @param orderId empty while {@link PaymentStatus#NONE}
 * @param amount the amount requested; zero while {@link PaymentStatus#NONE}
 * @param status where the payment is
 * @param chargeId the gateway's charge id once {@link PaymentStatus#CHARGED}, else empty
 */
public record Payment(
    String paymentId, String orderId, Money amount, PaymentStatus status, String chargeId) {

  /** The state of a payment stream with no events. */
  public static final Payment NONE = new Payment("", "", Money.zero(), PaymentStatus.NONE, "");

  /** The payment aggregate. Thread-safe (it holds no state). */
  public static final Decider<PaymentCommand, Payment, PaymentEvent> DECIDER =
      Decider.of(NONE, Payment::evolve, Payment::decide);

  /** Checks the arguments. */
  public Payment {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(chargeId, "chargeId");
  }

  /** The stream of order {@code orderId}'s payment: {@code payment-<orderId>}. */
  public static StreamId stream(String orderId) {
    return StreamId.of("payment", orderId);
  }

  /** A repository handling payment commands on {@code store}. */
  public static AggregateRepository<PaymentCommand, Payment, PaymentEvent> repository(
      EventStore store) {
    return AggregateRepository.of(store, DECIDER, PaymentEvent.class);
  }

  private static List<PaymentEvent> decide(PaymentCommand command, Payment payment) {
    if (command instanceof RequestPayment) {
      RequestPayment request = (RequestPayment) command;
      if (payment.status == PaymentStatus.NONE) {
        return List.of(
            new PaymentRequested(request.paymentId(), request.orderId(), request.amount()));
      }
      if (payment.paymentId.equals(request.paymentId()) && payment.amount.equals(request.amount())) {
        return List.of();
      }
      throw new CommandRejectedException(
          "order " + payment.orderId + " has payment " + payment.paymentId + " of "
              + payment.amount + " already; cannot request " + request.paymentId() + " of "
              + request.amount());
    }
    if (command instanceof RecordCharge) {
      String chargeId = ((RecordCharge) command).chargeId();
      if (payment.status == PaymentStatus.CHARGED && payment.chargeId.equals(chargeId)) {
        return List.of();
      }
      payment.require(PaymentStatus.REQUESTED, "record charge " + chargeId + " for");
      return List.of(
          new PaymentCharged(payment.paymentId, payment.orderId, chargeId, payment.amount));
    }
    if (command instanceof RecordDecline) {
      if (payment.status == PaymentStatus.DECLINED) {
        return List.of();
      }
      payment.require(PaymentStatus.REQUESTED, "record a decline of");
      return List.of(new PaymentDeclined(
          payment.paymentId, payment.orderId, ((RecordDecline) command).reason()));
    }
    if (command instanceof RefundPayment) {
      if (payment.status == PaymentStatus.REFUNDED) {
        return List.of();
      }
      payment.require(PaymentStatus.CHARGED, "refund");
      return List.of(new PaymentRefunded(payment.paymentId, payment.orderId, payment.amount,
          ((RefundPayment) command).reason()));
    }
    throw new IllegalArgumentException("unknown payment command " + command);
  }

  private void require(PaymentStatus wanted, String action) {
    if (status == PaymentStatus.NONE) {
      throw new CommandRejectedException("cannot " + action + " a payment never requested");
    }
    if (status != wanted) {
      throw new CommandRejectedException(
          "cannot " + action + " payment " + paymentId + ": it is " + status + ", not " + wanted);
    }
  }

  private static Payment evolve(Payment payment, PaymentEvent event) {
    if (event instanceof PaymentRequested) {
      PaymentRequested requested = (PaymentRequested) event;
      return new Payment(requested.paymentId(), requested.orderId(), requested.amount(),
          PaymentStatus.REQUESTED, "");
    }
    if (event instanceof PaymentCharged) {
      return new Payment(payment.paymentId, payment.orderId, payment.amount,
          PaymentStatus.CHARGED, ((PaymentCharged) event).chargeId());
    }
    if (event instanceof PaymentDeclined) {
      return new Payment(payment.paymentId, payment.orderId, payment.amount,
          PaymentStatus.DECLINED, "");
    }
    if (event instanceof PaymentRefunded) {
      return new Payment(payment.paymentId, payment.orderId, payment.amount,
          PaymentStatus.REFUNDED, payment.chargeId);
    }
    throw new IllegalArgumentException("unknown payment event " + event);
  }
}
