/**
 * Read models of the order examples: current orders ({@link
 * dev.eventcore.examples.readmodel.CurrentOrders}), order history ({@link
 * dev.eventcore.examples.readmodel.OrderHistory}), customer orders ({@link
 * dev.eventcore.examples.readmodel.CustomerOrders}) and inventory levels ({@link
 * dev.eventcore.examples.readmodel.InventoryLevels}). Each is a small query interface with two
 * implementations giving the same answers: in memory here ({@code InMemory...}, projections for a
 * {@code ProjectionRunner}, queried from any thread) and as PostgreSQL tables in {@code
 * readmodel.postgres}. Both apply the same translation of events into changes ({@link
 * dev.eventcore.examples.readmodel.OrderChange}, {@link
 * dev.eventcore.examples.readmodel.InventoryChange}, {@code OrderHistory.Entry.of}).
 */
@NullMarked
package dev.eventcore.examples.readmodel;

import org.jspecify.annotations.NullMarked;
