package dev.eventcore.testkit.contract;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole event-store contract in one class: an adapter runs every contract test by extending
 * it once and returning its {@link StoreFixture}.
 *
 * <pre>{@code
 * class PostgresEventStoreContractTest extends EventStoreContractSuite {
 *   @Override
 *   protected StoreFixture fixture() {
 *     return new PostgresStoreFixture(dataSource);   // fresh schema per store; reopen on the same
 *   }
 * }
 * }</pre>
 *
 * <p>Each nested class runs one contract class (each usable alone, too) against the suite's
 * fixture, and reports under that contract's name. The fixture's {@link StoreFixture#scale()}
 * shrinks the heavy tests where one commit is slow.
 *
 * <p>The projection stores have contracts of their own, run beside the suite: {@link
 * CheckpointStoreContract}, {@link DeadLetterStoreContract}, {@link DeadLetterReplayContract}
 * (which takes the same fixture) and {@link SnapshotStoreContract}.
 *
 * @since 0.1.0
 */
public abstract class EventStoreContractSuite {

  /** The adapter's stores, shared by every contract of the suite. */
  protected abstract StoreFixture fixture();

  /** Appending: what is written, where, and what the store reports. */
  @Nested
  @DisplayName("AppendContract")
  class Appends extends AppendContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Optimistic concurrency. */
  @Nested
  @DisplayName("ExpectedVersionContract")
  class ExpectedVersions extends ExpectedVersionContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Idempotent retries and reused event ids. */
  @Nested
  @DisplayName("IdempotencyContract")
  class Idempotency extends IdempotencyContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Deleting, restarting and truncating streams. */
  @Nested
  @DisplayName("DeletionContract")
  class Deletions extends DeletionContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Archiving streams. */
  @Nested
  @DisplayName("ArchiveContract")
  class Archives extends ArchiveContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Truncating streams. */
  @Nested
  @DisplayName("TruncationContract")
  class Truncations extends TruncationContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Reading streams and the store-wide log. */
  @Nested
  @DisplayName("ReadContract")
  class Reads extends ReadContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Reading a stream into a callback, a chunk at a time. */
  @Nested
  @DisplayName("StreamingReadContract")
  class StreamingReads extends StreamingReadContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Log queries: backwards, by time, by correlation id. */
  @Nested
  @DisplayName("QueryContract")
  class Queries extends QueryContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Listing streams. */
  @Nested
  @DisplayName("StreamListingContract")
  class StreamListing extends StreamListingContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Subscriptions, closing and handler failures. */
  @Nested
  @DisplayName("SubscriptionContract")
  class Subscriptions extends SubscriptionContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Racing writers. */
  @Nested
  @DisplayName("ConcurrencyContract")
  class Concurrency extends ConcurrencyContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** The never-skipping global log. */
  @Nested
  @DisplayName("GlobalLogContract")
  class GlobalLog extends GlobalLogContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** What a store accepts it reads back equal; what it could not, it refuses. */
  @Nested
  @DisplayName("ReadBackContract")
  class ReadBack extends ReadBackContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Bad input. */
  @Nested
  @DisplayName("BadInputContract")
  class BadInput extends BadInputContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Limits. */
  @Nested
  @DisplayName("LimitsContract")
  class Limits extends LimitsContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Generated examples. */
  @Nested
  @DisplayName("ContractProperties")
  class Properties extends ContractProperties {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Schema evolution: old shapes read through upcasters. */
  @Nested
  @DisplayName("UpcastingContract")
  class Upcasting extends UpcastingContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Stored events that cannot be decoded: stopped at, or handed over raw; never skipped. */
  @Nested
  @DisplayName("UndecodableEventContract")
  class Undecodable extends UndecodableEventContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** Subscriptions sharing the store's reads of the log. */
  @Nested
  @DisplayName("SharedTailContract")
  class SharedTail extends SharedTailContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }

  /** The store's health checks. */
  @Nested
  @DisplayName("HealthContract")
  class Healths extends HealthContract {
    @Override
    protected StoreFixture fixture() {
      return EventStoreContractSuite.this.fixture();
    }
  }
}
