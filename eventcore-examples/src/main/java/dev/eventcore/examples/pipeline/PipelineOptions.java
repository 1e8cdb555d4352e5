package dev.eventcore.examples.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the {@link OrderPipeline} does.
 *
 * @param orders how many orders to place: 1 to {@value #MAX_ORDERS}
 * @param seed the seed of the scenario: products, quantities, customers, declines, lost answers
 * @param paymentTimeout how long the saga waits for a payment answer before compensating; above
 *     zero
 */
public record PipelineOptions(int orders, long seed, Duration paymentTimeout) {
  /** The most orders one run places. */
  public static final int MAX_ORDERS = 1_000_000;

  /** The share of payments the simulated gateway declines. */
  public static final double DECLINE_RATE = 0.15;

  /** The share of gateway answers lost (the charge happens, the caller hears nothing). */
  public static final double LOST_ANSWER_RATE = 0.03;

  /** Checks the arguments. */
  public PipelineOptions {
    if (orders < 1 || orders > MAX_ORDERS) {
      throw new IllegalArgumentException(
          "orders is " + orders + "; allowed: 1 to " + MAX_ORDERS);
    }
    Objects.requireNonNull(paymentTimeout, "paymentTimeout");
    if (paymentTimeout.isNegative() || paymentTimeout.isZero()) {
      throw new IllegalArgumentException(
          "paymentTimeout is " + paymentTimeout + "; allowed: above zero");
    }
  }

  /** {@code orders} orders with {@code seed} and the demo's 2-second payment timeout. */
  public static PipelineOptions of(int orders, long seed) {
    return new PipelineOptions(orders, seed, Duration.ofSeconds(2));
  }
}
