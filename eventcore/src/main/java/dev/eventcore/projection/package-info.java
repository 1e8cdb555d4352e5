/**
 * Projections: named read models fed from the store-wide log, each resuming from its checkpoint.
 *
 * <pre>{@code
 * Map<String, Long> ordersPerCustomer = new ConcurrentHashMap<>();
 * Projection perCustomer = Projection.of("orders-per-customer", EventFilter.categories("order"),
 *     event -> ordersPerCustomer.merge(event.payloadAs(OrderPlaced.class).customer(), 1L, Long::sum));
 *
 * ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build();
 * runner.register(perCustomer);
 * runner.start("orders-per-customer");
 * runner.awaitPosition("orders-per-customer", append.lastPosition(), Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>The parts: a {@link dev.eventcore.projection.Projection} (name, optional filter pushed down
 * to the store, handler, reset hook); the {@link dev.eventcore.projection.ProjectionRunner} that
 * starts, pauses, resumes, stops and rebuilds them and reports {@link
 * dev.eventcore.projection.ProjectionStatus}; the ports adapters implement: {@link
 * dev.eventcore.projection.CheckpointStore} (compare-and-set, fenced), {@link
 * dev.eventcore.projection.ProjectionLease} (one active instance across processes) and {@link
 * dev.eventcore.projection.DeadLetterStore}; and the SPI {@link
 * dev.eventcore.projection.TransactionalProjection} for projections that commit their checkpoint
 * in the transaction of their writes (exactly-once), which the runner drives instead of saving
 * their checkpoint itself. Failures follow the {@link
 * dev.eventcore.projection.ErrorPolicy}: retry with backoff, then stop with the error visible, or,
 * only when chosen, record a dead letter and continue. Nothing is ever skipped silently: dead
 * letters are listed, counted and removed in their store, and replayed through the runner
 * ({@link dev.eventcore.projection.ProjectionRunner#replayDeadLetters}) once the cause is fixed.
 */
@NullMarked
package dev.eventcore.projection;

import org.jspecify.annotations.NullMarked;
