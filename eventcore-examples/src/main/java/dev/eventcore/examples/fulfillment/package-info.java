/**
 * The fulfillment saga: ties the order, inventory and payment aggregates together with
 * compensation. Order placed → reserve every line → charge → confirm, commit the reservations and
 * ship → deliver; a refused reservation, a declined payment or no payment answer in time releases
 * the reservations, voids any charge and cancels the order.
 */
@NullMarked
package dev.eventcore.examples.fulfillment;

import org.jspecify.annotations.NullMarked;
