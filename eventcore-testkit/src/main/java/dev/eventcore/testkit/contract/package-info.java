/**
 * The store contract suite: the behaviour every {@link dev.eventcore.EventStore} adapter must
 * share, as abstract JUnit Jupiter tests.
 *
 * <p>An adapter says how to make a fresh, empty, isolated store, and how to reopen one with other
 * event types, in one {@link dev.eventcore.testkit.contract.StoreFixture}, and runs the whole
 * suite through one subclass of {@link dev.eventcore.testkit.contract.EventStoreContractSuite}:
 *
 * <pre>{@code
 * class InMemoryEventStoreContractTest extends EventStoreContractSuite {
 *   @Override
 *   protected StoreFixture fixture() {
 *     return new StoreFixture() {
 *       public EventStore newStore(EventTypes types) {
 *         return new InMemoryEventStore(types);
 *       }
 *
 *       public EventStore reopen(EventStore store, EventTypes types) {
 *         return ((InMemoryEventStore) store).withEventTypes(types);   // same events, new classes
 *       }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>The suite nests one class per concern, each in its own file and usable alone (a subclass
 * returning the fixture): appends, expected versions, idempotency, reads, stream listing,
 * subscriptions, racing writers, the never-skipping global log, read-back, bad input, limits,
 * schema evolution (upcasting), undecodable events, shared tails, health checks, and
 * QuickTheories properties with fixed seeds. The heavy tests use real threads and the full
 * reliability sizes, scalable through the fixture's {@link
 * dev.eventcore.testkit.contract.ContractScale}; every wait is bounded and fails with a message.
 *
 * <p>Beside the suite, the projection and snapshot ports have contracts of their own, each run by
 * a small subclass per adapter that supplies a fresh port store: {@link
 * dev.eventcore.testkit.contract.CheckpointStoreContract}, {@link
 * dev.eventcore.testkit.contract.DeadLetterStoreContract}, {@link
 * dev.eventcore.testkit.contract.SnapshotStoreContract}; and {@link
 * dev.eventcore.testkit.contract.DeadLetterReplayContract}, which replays dead letters through a
 * runner over the fixture's stores and the adapter's checkpoint and dead-letter stores.
 *
 * <p>Put {@code eventcore-testkit} in test scope; it brings {@code junit-jupiter-api} and {@code
 * quicktheories}. Test events are {@link dev.eventcore.testkit.contract.ContractEvent}.
 */
@NullMarked
package dev.eventcore.testkit.contract;

import org.jspecify.annotations.NullMarked;
