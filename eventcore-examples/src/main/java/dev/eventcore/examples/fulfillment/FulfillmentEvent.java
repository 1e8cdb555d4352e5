package dev.eventcore.examples.fulfillment;

import dev.eventcore.examples.Sku;
import dev.eventcore.examples.order.LineItem;
import java.util.List;

/** The fulfillment saga's own facts, stored in its stream {@code saga_fulfillment-<orderId>}. */
public sealed interface FulfillmentEvent {

  /** The saga started for a placed order; its lines are being reserved. */
  record Started(String orderId, List<LineItem> lines) implements FulfillmentEvent {}

  /** The order's {@code sku} line is reserved. */
  record LineReserved(Sku sku) implements FulfillmentEvent {}

  /** Every line is reserved; the payment was asked for. */
  record PaymentAsked() implements FulfillmentEvent {}

  /** The payment was charged; the order is being confirmed and shipped. */
  record Paid() implements FulfillmentEvent {}

  /** The order was delivered: the end of a happy saga. */
  record Delivered() implements FulfillmentEvent {}

  /** The saga compensated: reservations released, any charge voided, order cancelled. */
  record Compensated(String reason) implements FulfillmentEvent {}
}
