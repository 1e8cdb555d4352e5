/**
 * The order aggregate as a decider: commands in, events out, state folded from events.
 *
 * <ul>
 *   <li>{@link dev.eventcore.examples.order.OrderCommand}: what a caller asks for (place, confirm,
 *       cancel, ship, deliver);
 *   <li>{@link dev.eventcore.examples.order.OrderEvent}: the facts recorded, the only thing stored;
 *   <li>{@link dev.eventcore.examples.order.Order}: the state, folded from the events, holding just
 *       what the decisions need, and {@link dev.eventcore.examples.order.Order#DECIDER};
 *   <li>{@link dev.eventcore.examples.order.OrderStatus}: the state machine.
 * </ul>
 *
 * <p>See {@code docs/examples.md} for a walkthrough.
 */
@NullMarked
package dev.eventcore.examples.order;

import org.jspecify.annotations.NullMarked;
