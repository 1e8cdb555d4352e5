/**
 * The read models of the order examples as PostgreSQL tables: {@link
 * dev.eventcore.examples.readmodel.postgres.PostgresCurrentOrders}, {@link
 * dev.eventcore.examples.readmodel.postgres.PostgresOrderHistory}, {@link
 * dev.eventcore.examples.readmodel.postgres.PostgresCustomerOrders} and {@link
 * dev.eventcore.examples.readmodel.postgres.PostgresInventoryLevels}, the same query interfaces as
 * their in-memory twins. Each creates its table in a schema it is given and is written by a {@code
 * JdbcProjection}: rows and checkpoint commit in one transaction (exactly once), every write an
 * idempotent upsert, money in {@code bigint} cents. Run their projections with a {@code
 * ProjectionRunner} over {@code PostgresCheckpointStore.of(store)}.
 */
@NullMarked
package dev.eventcore.examples.readmodel.postgres;

import org.jspecify.annotations.NullMarked;
