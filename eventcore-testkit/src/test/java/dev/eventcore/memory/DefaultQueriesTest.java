package dev.eventcore.memory;

import dev.eventcore.testkit.contract.QueryContract;
import dev.eventcore.testkit.contract.StoreFixture;

/**
 * {@code EventQueries}' defaults, for stores without native log queries (a forwarding store uses
 * them: backwards reads read the page forwards, the others scan the log), against the query
 * contract.
 */
class DefaultQueriesTest extends QueryContract {

  @Override
  protected StoreFixture fixture() {
    return new ForwardingFixture();
  }
}
