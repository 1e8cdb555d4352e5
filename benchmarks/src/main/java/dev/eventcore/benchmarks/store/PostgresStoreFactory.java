package dev.eventcore.benchmarks.store;

import dev.eventcore.EventStore;

/**
 * Opens the PostgreSQL store: the single place where the benchmark names the adapter.
 *
 * <p>The adapter is not part of this build yet, so {@link #open} fails and the suite reports each
 * PostgreSQL library workload as not run (raw probes and in-memory workloads still run). Once
 * {@code dev.eventcore.postgres.PostgresEventStore} exists, the body of {@link #open} becomes:
 *
 * <pre>{@code
 * return PostgresEventStore.builder()
 *     .dataSource(options.dataSource())      // pooled, counts round trips; the store must not close it
 *     .schema(options.schema())
 *     .eventTypes(options.eventTypes())
 *     .groupCommit(options.groupCommit())
 *     .build();
 * }</pre>
 */
public final class PostgresStoreFactory implements StoreFactory {

  /** The message of the failure while the adapter is not in the build. */
  public static final String NOT_AVAILABLE = "PostgreSQL adapter not available in this build";

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
    throw new UnsupportedOperationException(NOT_AVAILABLE);
  }
}
