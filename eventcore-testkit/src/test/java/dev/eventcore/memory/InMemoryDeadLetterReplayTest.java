package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.projection.CheckpointStore;
import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.DeadLetterReplayContract;

/** Dead letters replay in memory as the contract says. */
class InMemoryDeadLetterReplayTest extends DeadLetterReplayContract {
  @Override
  protected EventStore newStore(EventTypes types) {
    return new InMemoryEventStore(types);
  }

  @Override
  protected EventStore reopen(EventStore store, EventTypes types) {
    return ((InMemoryEventStore) store).withEventTypes(types);
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
