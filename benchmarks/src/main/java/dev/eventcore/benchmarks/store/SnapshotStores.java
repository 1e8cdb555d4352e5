package dev.eventcore.benchmarks.store;

import dev.eventcore.EventStore;
import dev.eventcore.memory.InMemorySnapshotStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresSnapshotStore;
import dev.eventcore.snapshot.SnapshotStore;

/** The snapshot store that goes with a library store: its adapter's own. */
public final class SnapshotStores {
  private SnapshotStores() {}

  /**
   * The PostgreSQL snapshot store in the schema of a {@link PostgresEventStore}, a new in-memory
   * snapshot store for any other store.
   */
  public static SnapshotStore of(EventStore store) {
    if (store instanceof PostgresEventStore postgres) {
      return PostgresSnapshotStore.of(postgres);
    }
    return new InMemorySnapshotStore();
  }
}
