package dev.eventcore.benchmarks.store;

import dev.eventcore.EventStore;
import dev.eventcore.memory.InMemoryEventStore;

/**
 * Opens in-memory stores (the data source and schema are ignored). Used by {@code --store memory}
 * to exercise every workload without the PostgreSQL adapter; ratios to raw JDBC are then not the
 * figures of docs/benchmarks.md and the report says so.
 */
public final class InMemoryStoreFactory implements StoreFactory {

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public boolean isPostgres() {
    return false;
  }

  @Override
  public EventStore open(StoreOptions options) {
    return new InMemoryEventStore(options.eventTypes());
  }
}
