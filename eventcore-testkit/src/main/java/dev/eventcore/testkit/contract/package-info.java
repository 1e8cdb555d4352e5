/**
 * The store contract suite: the behaviour every {@link dev.eventcore.EventStore} adapter must
 * share, as abstract JUnit Jupiter tests.
 *
 * <p>An adapter runs the whole suite through one subclass of {@link
 * dev.eventcore.testkit.contract.EventStoreContractSuite} that says how to make a fresh, empty,
 * isolated store:
 *
 * <pre>{@code
 * class InMemoryEventStoreContractTest extends EventStoreContractSuite {
 *   @Override
 *   protected EventStore newStore(EventTypes types) {
 *     return new InMemoryEventStore(types);
 *   }
 *
 *   @Override
 *   protected EventStore reopen(EventStore store, EventTypes types) {
 *     return ((InMemoryEventStore) store).withEventTypes(types);   // same events, new classes
 *   }
 * }
 * }</pre>
 *
 * <p>The suite nests one class per concern, each in its own file and usable alone: appends,
 * expected versions, idempotency, reads, subscriptions, racing writers, the never-skipping global
 * log, bad input, limits, schema evolution (upcasting), health checks, and QuickTheories
 * properties with fixed seeds. The heavy tests use real threads and the full reliability sizes,
 * scalable through {@link
 * dev.eventcore.testkit.contract.ContractScale}; every wait is bounded and fails with a message.
 *
 * <p>Beside the suite, the projection ports have contracts of their own, each run by a small
 * subclass per adapter: {@link dev.eventcore.testkit.contract.CheckpointStoreContract}, {@link
 * dev.eventcore.testkit.contract.DeadLetterStoreContract} and {@link
 * dev.eventcore.testkit.contract.DeadLetterReplayContract} (replaying dead letters through a
 * runner over the adapter's event, checkpoint and dead-letter stores).
 *
 * <p>Needs {@code junit-jupiter-api} and {@code quicktheories} on the test class path (optional
 * dependencies of this module). Test events are {@link
 * dev.eventcore.testkit.contract.ContractEvent}.
 */
@NullMarked
package dev.eventcore.testkit.contract;

import org.jspecify.annotations.NullMarked;
