package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;

/** The PostgreSQL store with group commit on passes the whole store contract too. */
class PostgresGroupCommitContractTest extends PostgresEventStoreContractTest {
  @Override
  protected EventStore newStore(EventTypes types) {
    return newStore(types, true);
  }
}
