package dev.eventcore.examples.payment;

import dev.eventcore.examples.Ids;
import dev.eventcore.examples.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A payment gateway in memory for tests and the demo: declines a configurable share of charges,
 * loses a configurable share of answers (the charge happens, the caller hears nothing), and keeps
 * a record of every charge so a test can prove that no payment was charged twice.
 *
 * <pre>{@code
 * SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(42, 0.1, 0.05);
 * gateway.charge("pay-o-1", Money.ofCents(1_999));  // Approved or Declined, or a timeout
 * gateway.charge("pay-o-1", Money.ofCents(1_999));  // the same answer; no second charge
 * gateway.chargeCount();                            // 1 at most
 * }</pre>
 *
 * <p>Idempotent per payment id: the first call for a payment id decides its answer, with the
 * seeded {@link Random}; every later call returns that answer. Thread-safe; answers are
 * reproducible for a given seed when calls come in the same order.
 */
public final class SimulatedPaymentGateway implements PaymentGateway {
  private final Random random;
  private final double declineRate;
  private final double lostAnswerRate;
  private final Map<String, Attempt> byPaymentId = new LinkedHashMap<>();
  private long calls;
  /** Approved payment ids so far: {@link #chargeCount()} without walking every attempt. */
  private int approved;

  /**
   * A gateway that declines about {@code declineRate} of the payments and never loses an answer.
   */
  public SimulatedPaymentGateway(long seed, double declineRate) {
    this(seed, declineRate, 0);
  }

  /**
   * A gateway with the given behaviour.
   *
   * @param seed the seed of the random answers
   * @param declineRate the share of payments declined: 0 to 1
   * @param lostAnswerRate the share of calls that time out after deciding: 0 to less than 1
   */
  public SimulatedPaymentGateway(long seed, double declineRate, double lostAnswerRate) {
    if (!(declineRate >= 0 && declineRate <= 1)) {
      throw new IllegalArgumentException("declineRate is " + declineRate + "; allowed: 0 to 1");
    }
    if (!(lostAnswerRate >= 0 && lostAnswerRate < 1)) {
      throw new IllegalArgumentException(
          "lostAnswerRate is " + lostAnswerRate + "; allowed: 0 to less than 1");
    }
    this.random = new Random(seed);
    this.declineRate = declineRate;
    this.lostAnswerRate = lostAnswerRate;
  }

  @Override
  public synchronized ChargeResult charge(String paymentId, Money amount) {
    Ids.require(paymentId, "paymentId");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("a charge must be above zero, but was " + amount);
    }
    calls++;
    Attempt attempt = byPaymentId.get(paymentId);
    if (attempt == null) {
      ChargeResult result =
          random.nextDouble() < declineRate
              ? new ChargeResult.Declined("card declined")
              : new ChargeResult.Approved("ch-" + (approved + 1));
      if (result instanceof ChargeResult.Approved) {
        approved++;
      }
      attempt = new Attempt(amount, result, false);
      byPaymentId.put(paymentId, attempt);
    } else if (!attempt.amount.equals(amount)) {
      throw new IllegalArgumentException(
          "payment " + paymentId + " was charged " + attempt.amount + " before; cannot charge "
              + amount + " under the same payment id");
    }
    if (random.nextDouble() < lostAnswerRate) {
      throw new PaymentGatewayTimeoutException(paymentId);
    }
    return attempt.result;
  }

  @Override
  public synchronized void refund(String paymentId) {
    Objects.requireNonNull(paymentId, "paymentId");
    Attempt attempt = byPaymentId.get(paymentId);
    if (attempt == null || !(attempt.result instanceof ChargeResult.Approved)) {
      throw new IllegalStateException("payment " + paymentId + " was never charged");
    }
    byPaymentId.put(paymentId, new Attempt(attempt.amount, attempt.result, true));
  }

  /** How many charges took money: one per approved payment id, however often it was retried. */
  public synchronized int chargeCount() {
    return approved;
  }

  /** How many times {@link #charge} was called, retries included. */
  public synchronized long calls() {
    return calls;
  }

  /** Every charge that took money, in order, with whether it was refunded. */
  public synchronized List<Charge> charges() {
    List<Charge> charges = new ArrayList<>();
    for (Map.Entry<String, Attempt> entry : byPaymentId.entrySet()) {
      Attempt attempt = entry.getValue();
      if (attempt.result instanceof ChargeResult.Approved) {
        charges.add(new Charge(entry.getKey(),
            ((ChargeResult.Approved) attempt.result).chargeId(), attempt.amount, attempt.refunded));
      }
    }
    return charges;
  }

  /**
   * One charge the gateway made.
   *
   * @param paymentId the caller's payment id
   * @param chargeId the gateway's id for it
   * @param amount the money taken
   * @param refunded whether it was given back
   */
  public record Charge(String paymentId, String chargeId, Money amount, boolean refunded) {}

  private static final class Attempt {
    final Money amount;
    final ChargeResult result;
    final boolean refunded;

    Attempt(Money amount, ChargeResult result, boolean refunded) {
      this.amount = amount;
      this.result = result;
      this.refunded = refunded;
    }
  }
}
