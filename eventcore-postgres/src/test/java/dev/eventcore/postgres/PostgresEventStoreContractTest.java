package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.ContractScale;
import dev.eventcore.testkit.contract.EventStoreContractSuite;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/** The PostgreSQL store passes the whole store contract; every store gets a fresh schema. */
class PostgresEventStoreContractTest extends EventStoreContractSuite {
  private static final List<PostgresTestDatabase> SCHEMAS = new CopyOnWriteArrayList<>();

  @Override
  protected EventStore newStore(EventTypes types) {
    return newStore(types, false);
  }

  /** A second store on {@code store}'s schema, with other types: a redeploy. */
  @Override
  protected EventStore reopen(EventStore store, EventTypes types) {
    return PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(((PostgresEventStore) store).schema())
        .eventTypes(types)
        .maxPoolSize(3)
        .build();
  }

  /** A store in a fresh schema, dropped after the class. */
  static EventStore newStore(EventTypes types, boolean groupCommit) {
    PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    SCHEMAS.add(db);
    return db.builder().eventTypes(types).groupCommit(groupCommit).maxPoolSize(8).build();
  }

  /**
   * The reliability sizes with the write-heavy tests scaled down: each append here is a durable
   * commit on a shared 2-core machine, and the whole PostgreSQL run must stay within minutes.
   */
  @Override
  protected ContractScale scale() {
    return ContractScale.reliability()
        .withAppendsPerWriter(300)
        .withMultiStreamAppendsPerWriter(150)
        .withCatchUpEvents(20_000);
  }

  @AfterAll
  static void dropSchemas() throws Exception {
    for (PostgresTestDatabase db : SCHEMAS) {
      db.close();
    }
  }
}
