package dev.eventcore.examples.bank;

import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;

/** The bank transfer concurrency test on the in-memory store. */
class InMemoryBankTransferConcurrencyTest extends AbstractBankTransferConcurrencyTest {
  InMemoryBankTransferConcurrencyTest() {
    super(() -> new InMemoryEventStore(EventTypes.of(AccountEvent.class)));
  }
}
