package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.testkit.contract.DeadLetterReplayContract;
import dev.eventcore.testkit.contract.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/**
 * Dead letters replay on PostgreSQL as the contract says: letters in the {@code dead_letters}
 * table, checkpoints in the {@code checkpoints} table, every store in a fresh schema.
 */
class PostgresDeadLetterReplayTest extends DeadLetterReplayContract {
  private static final PostgresStoreFixture STORES = PostgresStoreFixture.small();

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  @Override
  protected DeadLetterStore deadLetterStore(EventStore store) {
    return PostgresDeadLetterStore.of((PostgresEventStore) store);
  }

  @Override
  protected CheckpointStore checkpointStore(EventStore store) {
    return PostgresCheckpointStore.of((PostgresEventStore) store);
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    STORES.dropSchemas();
  }
}
