package dev.eventcore.benchmarks.store;

import dev.eventcore.EventStore;
import dev.eventcore.postgres.PostgresEventStore;

/**
 * Opens the PostgreSQL store: the single place where the benchmark names the adapter. The store is
 * built on the suite's pooled, round-trip-counting data source, which it does not close.
 */
public final class PostgresStoreFactory implements StoreFactory {

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public boolean isPostgres() {
    return true;
  }

  @Override
  public EventStore open(StoreOptions options) {
    return PostgresEventStore.builder()
        .dataSource(options.dataSource())
        .schema(options.schema())
        .eventTypes(options.eventTypes())
        .groupCommit(options.groupCommit())
        .codec(options.codec())
        .build();
  }
}
