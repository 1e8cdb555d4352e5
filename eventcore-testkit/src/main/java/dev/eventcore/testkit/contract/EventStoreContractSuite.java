package dev.eventcore.testkit.contract;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole store contract in one class: an adapter runs every contract test by extending it once.
 *
 * <pre>{@code
 * class PostgresEventStoreContractTest extends EventStoreContractSuite {
 *   @Override
 *   protected EventStore newStore(EventTypes types) {
 *     return PostgresEventStore.builder().dataSource(db).schema(freshSchema()).eventTypes(types).build();
 *   }
 *
 *   @Override
 *   protected EventStore reopen(EventStore store, EventTypes types) {
 *     return PostgresEventStore.builder().dataSource(db).schema(schemaOf(store)).eventTypes(types).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Each nested class runs one contract class (each usable alone, too) against stores made by
 * {@link #newStore(EventTypes)}. Override {@link #scale()} to shrink the heavy tests where one
 * commit is slow.
 */
public abstract class EventStoreContractSuite {

  /**
   * A new, empty store, isolated from every other store this method returned, accepting exactly
   * the classes of {@code types} (and no others). Tests close the stores they open.
   */
  protected abstract EventStore newStore(EventTypes types);

  /**
   * A store over the same storage as {@code store}, a store this suite made, but with other event
   * types: the same application redeployed with new classes (for {@link UpcastingContract} and
   * {@link UndecodableEventContract}).
   */
  protected abstract EventStore reopen(EventStore store, EventTypes types);

  /** The sizes of the concurrency, catch-up and property tests. */
  protected ContractScale scale() {
    return ContractScale.reliability();
  }

  /** Appending: what is written, where, and what the store reports. */
  @Nested
  @DisplayName("AppendContract")
  class Appends extends AppendContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Optimistic concurrency. */
  @Nested
  @DisplayName("ExpectedVersionContract")
  class ExpectedVersions extends ExpectedVersionContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Idempotent retries and reused event ids (R6). */
  @Nested
  @DisplayName("IdempotencyContract")
  class Idempotency extends IdempotencyContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Reading streams and the store-wide log. */
  @Nested
  @DisplayName("ReadContract")
  class Reads extends ReadContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Listing streams. */
  @Nested
  @DisplayName("StreamListingContract")
  class StreamListing extends StreamListingContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Subscriptions, closing and handler failures (R14). */
  @Nested
  @DisplayName("SubscriptionContract")
  class Subscriptions extends SubscriptionContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Racing writers (R1, R2, R3). */
  @Nested
  @DisplayName("ConcurrencyContract")
  class Concurrency extends ConcurrencyContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** The never-skipping global log (R4, R5, R11). */
  @Nested
  @DisplayName("GlobalLogContract")
  class GlobalLog extends GlobalLogContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Bad input (R16). */
  /** What a store accepts it reads back equal; what it could not, it refuses. */
  @Nested
  @DisplayName("ReadBackContract")
  class ReadBack extends ReadBackContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  @Nested
  @DisplayName("BadInputContract")
  class BadInput extends BadInputContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Limits (R17). */
  @Nested
  @DisplayName("LimitsContract")
  class Limits extends LimitsContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Generated examples. */
  @Nested
  @DisplayName("ContractProperties")
  class Properties extends ContractProperties {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Schema evolution: old shapes read through upcasters. */
  @Nested
  @DisplayName("UpcastingContract")
  class Upcasting extends UpcastingContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected EventStore reopen(EventStore store, EventTypes types) {
      return EventStoreContractSuite.this.reopen(store, types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Stored events that cannot be decoded: stopped at, or handed over raw; never skipped. */
  @Nested
  @DisplayName("UndecodableEventContract")
  class Undecodable extends UndecodableEventContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected EventStore reopen(EventStore store, EventTypes types) {
      return EventStoreContractSuite.this.reopen(store, types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** Subscriptions sharing the store's reads of the log. */
  @Nested
  @DisplayName("SharedTailContract")
  class SharedTail extends SharedTailContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }

  /** The store's health checks. */
  @Nested
  @DisplayName("HealthContract")
  class Healths extends HealthContract {
    @Override
    protected EventStore newStore(EventTypes types) {
      return EventStoreContractSuite.this.newStore(types);
    }

    @Override
    protected ContractScale scale() {
      return EventStoreContractSuite.this.scale();
    }
  }
}
