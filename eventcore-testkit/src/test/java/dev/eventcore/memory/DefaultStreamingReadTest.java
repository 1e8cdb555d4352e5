package dev.eventcore.memory;

import dev.eventcore.testkit.contract.StoreFixture;
import dev.eventcore.testkit.contract.StreamingReadContract;

/**
 * {@code EventStore}'s default streaming read, for stores that do not stream natively (a
 * forwarding store uses it: pages of the list read), against the streaming-read contract.
 */
class DefaultStreamingReadTest extends StreamingReadContract {

  @Override
  protected StoreFixture fixture() {
    return new ForwardingFixture();
  }
}
