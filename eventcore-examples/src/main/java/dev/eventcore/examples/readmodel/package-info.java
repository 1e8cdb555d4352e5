/**
 * Read models of the order examples, as in-memory projections: current orders ({@link
 * dev.eventcore.examples.readmodel.CurrentOrders}), order history ({@link
 * dev.eventcore.examples.readmodel.OrderHistory}), customer orders ({@link
 * dev.eventcore.examples.readmodel.CustomerOrders}) and inventory levels ({@link
 * dev.eventcore.examples.readmodel.InventoryLevels}). Register them with a {@code
 * ProjectionRunner}; query them from any thread.
 */
@NullMarked
package dev.eventcore.examples.readmodel;

import org.jspecify.annotations.NullMarked;
