/**
 * A payment per order, and the payment gateway it talks to.
 *
 * <p>The {@link dev.eventcore.examples.payment.Payment} aggregate records what happened to a
 * payment (requested, charged, declined, refunded); it never calls the gateway itself, because a
 * decider must be free of side effects. {@link dev.eventcore.examples.payment.PaymentProcessor}
 * shows the pattern: record the request, call the gateway outside the decider, record its answer
 * as an event. The gateway is idempotent per payment id, so a retry after a lost answer never
 * charges twice; {@link dev.eventcore.examples.payment.SimulatedPaymentGateway} stands in for a
 * real one.
 */
@NullMarked
package dev.eventcore.examples.payment;

import org.jspecify.annotations.NullMarked;
