package dev.eventcore.memory;

import dev.eventcore.projection.DeadLetterStore;
import dev.eventcore.testkit.contract.DeadLetterStoreContract;

/** The in-memory dead-letter store passes the dead-letter contract. */
class InMemoryDeadLetterStoreTest extends DeadLetterStoreContract {
  @Override
  protected DeadLetterStore newDeadLetterStore() {
    return new InMemoryDeadLetterStore();
  }
}
