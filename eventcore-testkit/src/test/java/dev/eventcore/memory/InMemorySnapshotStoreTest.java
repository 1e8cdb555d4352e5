package dev.eventcore.memory;

import dev.eventcore.snapshot.SnapshotStore;
import dev.eventcore.testkit.contract.SnapshotStoreContract;

/** The in-memory snapshot store passes the snapshot contract. */
class InMemorySnapshotStoreTest extends SnapshotStoreContract {
  @Override
  protected SnapshotStore newSnapshotStore() {
    return new InMemorySnapshotStore();
  }
}
