package dev.eventcore.memory;

import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.testkit.contract.CheckpointStoreContract;

/** The in-memory checkpoint store passes the checkpoint contract. */
class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore newCheckpointStore() {
    return new InMemoryCheckpointStore();
  }
}
