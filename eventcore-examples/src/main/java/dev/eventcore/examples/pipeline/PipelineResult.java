package dev.eventcore.examples.pipeline;

import dev.eventcore.saga.SagaStats;
import java.util.Objects;

/**
 * How one {@link OrderPipeline} run went.
 *
 * @param orders orders this run placed
 * @param settleNanos from the restock before the first order until every order was delivered or
 *     cancelled and every read model had caught up
 * @param eventsWritten events this run appended (orders, inventory, payments, the saga's own)
 * @param eventsBefore events the store held when the run started
 * @param totalNanos the whole run, catching up on earlier events included
 * @param saga the saga runner's counters for this run
 */
public record PipelineResult(
    int orders,
    long settleNanos,
    long eventsWritten,
    long eventsBefore,
    long totalNanos,
    SagaStats saga) {

  /** Checks the arguments. */
  public PipelineResult {
    Objects.requireNonNull(saga, "saga");
    if (settleNanos <= 0) {
      throw new IllegalArgumentException("settleNanos must be > 0 but was " + settleNanos);
    }
  }

  /** Seconds from the first order to the last settled. */
  public double settleSeconds() {
    return settleNanos / 1e9;
  }

  /** Orders settled per second, end to end. */
  public double ordersPerSecond() {
    return orders / settleSeconds();
  }

  /** Events written per second while settling. */
  public double eventsPerSecond() {
    return eventsWritten / settleSeconds();
  }
}
