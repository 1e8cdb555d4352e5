package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.ContractScale;
import dev.eventcore.testkit.contract.StoreFixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PostgreSQL stores for the contract tests: each new store in a fresh schema, a reopened one on
 * the schema of the store it reopens. {@link #dropSchemas()} drops every schema it made.
 */
final class PostgresStoreFixture implements StoreFixture {
  private final List<PostgresTestDatabase> schemas = new CopyOnWriteArrayList<>();
  private final boolean groupCommit;
  private final int maxPoolSize;
  private final ContractScale scale;

  private PostgresStoreFixture(boolean groupCommit, int maxPoolSize, ContractScale scale) {
    this.groupCommit = groupCommit;
    this.maxPoolSize = maxPoolSize;
    this.scale = scale;
  }

  /**
   * For the whole suite: the reliability sizes with the write-heavy tests scaled down, since each
   * append here is a durable commit on a shared 2-core machine and the whole PostgreSQL run must
   * stay within minutes.
   */
  static PostgresStoreFixture forSuite(boolean groupCommit) {
    return new PostgresStoreFixture(groupCommit, 8, ContractScale.reliability()
        .withAppendsPerWriter(300)
        .withMultiStreamAppendsPerWriter(150)
        .withCatchUpEvents(20_000));
  }

  /** For the contracts that write little: the builder's group commit, a small pool. */
  static PostgresStoreFixture small() {
    return new PostgresStoreFixture(true, 4, ContractScale.reliability());
  }

  /** For the boundary racers: a connection for each of the sixteen deciders. */
  static PostgresStoreFixture racers() {
    return new PostgresStoreFixture(true, 20, ContractScale.reliability());
  }

  @Override
  public EventStore newStore(EventTypes types) {
    PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    schemas.add(db);
    return db.builder().eventTypes(types).groupCommit(groupCommit).maxPoolSize(maxPoolSize).build();
  }

  /** A second store on {@code store}'s schema, with other types: a redeploy. */
  @Override
  public EventStore reopen(EventStore store, EventTypes types) {
    return PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(((PostgresEventStore) store).schema())
        .eventTypes(types)
        .maxPoolSize(3)
        .build();
  }

  @Override
  public ContractScale scale() {
    return scale;
  }

  /** Drops the schemas of every store this fixture made; call after the test class. */
  void dropSchemas() throws Exception {
    for (PostgresTestDatabase db : schemas) {
      db.close();
    }
    schemas.clear();
  }
}
