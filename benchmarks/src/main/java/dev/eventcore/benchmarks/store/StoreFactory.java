package dev.eventcore.benchmarks.store;

import dev.eventcore.EventStore;

/**
 * Opens the library store a workload measures. Implementations are stateless and thread-safe.
 */
public interface StoreFactory {

  /** A short name for reports: {@code "postgres"} or {@code "memory"}. */
  String name();

  /** Whether the stores are durable PostgreSQL stores, so ratios to raw JDBC are meaningful. */
  boolean isPostgres();

  /**
   * Opens a store; the caller closes it.
   *
   * @throws UnsupportedOperationException if this build has no such store
   */
  EventStore open(StoreOptions options);
}
