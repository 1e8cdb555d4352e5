package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.testkit.contract.DeadLetterReplayContract;
import dev.eventcore.testkit.contract.StoreFixture;

/** Dead letters replay in memory as the contract says. */
class InMemoryDeadLetterReplayTest extends DeadLetterReplayContract {
  @Override
  protected StoreFixture fixture() {
    return new InMemoryStoreFixture();
  }

  @Override
  protected DeadLetterStore deadLetterStore(EventStore store) {
    return new InMemoryDeadLetterStore();
  }

  @Override
  protected CheckpointStore checkpointStore(EventStore store) {
    return new InMemoryCheckpointStore();
  }
}
