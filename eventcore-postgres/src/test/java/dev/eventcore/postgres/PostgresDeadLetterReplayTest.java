package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.DeadLetterReplayContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * Dead letters replay on PostgreSQL as the contract says: letters in the {@code dead_letters}
 * table, checkpoints in the {@code checkpoints} table, every store in a fresh schema.
 */
class PostgresDeadLetterReplayTest extends DeadLetterReplayContract {
  private static final List<PostgresTestDatabase> SCHEMAS = new CopyOnWriteArrayList<>();

  @Override
  protected EventStore newStore(EventTypes types) {
    PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    SCHEMAS.add(db);
    return db.builder().eventTypes(types).maxPoolSize(4).build();
  }

  @Override
  protected EventStore reopen(EventStore store, EventTypes types) {
    return PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(((PostgresEventStore) store).schema())
        .eventTypes(types)
        .maxPoolSize(3)
        .build();
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
    for (PostgresTestDatabase db : SCHEMAS) {
      db.close();
    }
  }
}
