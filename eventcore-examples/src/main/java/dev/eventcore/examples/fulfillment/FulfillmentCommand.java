package dev.eventcore.examples.fulfillment;

import dev.eventcore.examples.Money;
import dev.eventcore.examples.Sku;

/**
 * The commands the fulfillment saga dispatches, as plain values stored in its outbox. {@link
 * FulfillmentDispatcher} turns each into a command of the order, inventory or payment aggregate.
 */
public sealed interface FulfillmentCommand {
  /** The order the command is for. */
  String orderId();

  /** Hold {@code quantity} of {@code sku} for the order. */
  record Reserve(String orderId, Sku sku, int quantity) implements FulfillmentCommand {}

  /** Give the order's held {@code sku} back. */
  record Release(String orderId, Sku sku) implements FulfillmentCommand {}

  /** The order's held {@code sku} leaves the warehouse. */
  record Commit(String orderId, Sku sku) implements FulfillmentCommand {}

  /** Charge {@code amount} for the order (idempotent per order at the gateway). */
  record Charge(String orderId, Money amount) implements FulfillmentCommand {}

  /** Make sure the order ends up not charged: learn the gateway's answer, refund a charge. */
  record VoidCharge(String orderId, Money amount) implements FulfillmentCommand {}

  /** Confirm the order. */
  record Confirm(String orderId) implements FulfillmentCommand {}

  /** Ship the order under {@code trackingNumber}. */
  record Ship(String orderId, String trackingNumber) implements FulfillmentCommand {}

  /** Record the delivery. */
  record Deliver(String orderId) implements FulfillmentCommand {}

  /** Cancel the order for {@code reason}. */
  record Cancel(String orderId, String reason) implements FulfillmentCommand {}
}
