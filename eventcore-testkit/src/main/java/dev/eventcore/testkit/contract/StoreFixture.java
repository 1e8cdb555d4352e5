package dev.eventcore.testkit.contract;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;

/**
 * How an adapter makes stores for the contract tests: the one thing an adapter writes to run
 * {@link EventStoreContractSuite}, returned from {@link StoreContract#fixture()}.
 *
 * <pre>{@code
 * final class InMemoryStoreFixture implements StoreFixture {
 *   public EventStore newStore(EventTypes types) {
 *     return new InMemoryEventStore(types);
 *   }
 *
 *   public EventStore reopen(EventStore store, EventTypes types) {
 *     return ((InMemoryEventStore) store).withEventTypes(types);   // same events, new classes
 *   }
 * }
 * }</pre>
 *
 * <p>The contracts close every store they get from a fixture, after each test. A fixture may be
 * asked for stores from several threads and by several tests of one class.
 *
 * @since 0.1.0
 */
public interface StoreFixture {

  /**
   * A new, empty store, isolated from every other store this fixture returned, accepting exactly
   * the classes of {@code types} (and no others).
   *
   * @param types the event types the store accepts
   * @return a new store, never null
   */
  EventStore newStore(EventTypes types);

  /**
   * A second store over the same storage as {@code store}, a store this fixture made, with other
   * event types: the same application redeployed with new classes and upcasters, reading what the
   * old ones wrote (for {@link UpcastingContract}, {@link UndecodableEventContract} and {@link
   * DeadLetterReplayContract}). Closing either store leaves the other open.
   *
   * @param store a store {@link #newStore(EventTypes)} returned, still open
   * @param types the event types of the new deployment
   * @return a new store over {@code store}'s events, never null
   */
  EventStore reopen(EventStore store, EventTypes types);

  /**
   * The sizes of the concurrency, catch-up and property tests: {@link
   * ContractScale#reliability()} unless an adapter whose commits are slow scales them down.
   */
  default ContractScale scale() {
    return ContractScale.reliability();
  }
}
