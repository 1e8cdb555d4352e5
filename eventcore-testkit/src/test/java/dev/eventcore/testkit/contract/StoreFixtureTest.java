package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.ForwardingEventStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** How a contract class takes its stores from its fixture, and what it says when one is broken. */
class StoreFixtureTest {
  private final List<String> closed = new ArrayList<>();

  /** A contract class with no tests, run by hand: its fixture is whatever the test sets. */
  private static final class Probe extends StoreContract {
    private final StoreFixture fixture;

    Probe(StoreFixture fixture) {
      this.fixture = fixture;
    }

    @Override
    protected StoreFixture fixture() {
      return fixture;
    }
  }

  /** In-memory stores that note their closing under {@code name}. */
  private StoreFixture recording(String name) {
    return new StoreFixture() {
      @Override
      public EventStore newStore(EventTypes types) {
        return closing(name + "-new", new InMemoryEventStore(types));
      }

      @Override
      public EventStore reopen(EventStore store, EventTypes types) {
        return closing(name + "-reopened", new InMemoryEventStore(types));
      }
    };
  }

  private EventStore closing(String name, EventStore store) {
    return new ForwardingEventStore(store) {
      @Override
      public void close() {
        closed.add(name);
        super.close();
      }
    };
  }

  @Test
  void aFixtureWithoutScaleRunsAtTheReliabilitySizes() {
    assertEquals(ContractScale.reliability(), new Probe(recording("s")).scale());
  }

  @Test
  void theFixturesScaleSizesTheTests() {
    ContractScale small = ContractScale.reliability().withAppendsPerWriter(7);
    StoreFixture fixture = new StoreFixture() {
      @Override
      public EventStore newStore(EventTypes types) {
        return new InMemoryEventStore(types);
      }

      @Override
      public EventStore reopen(EventStore store, EventTypes types) {
        return store;
      }

      @Override
      public ContractScale scale() {
        return small;
      }
    };
    Probe probe = new Probe(fixture);
    assertEquals(small, probe.scale());
    assertEquals(small.timeout(), probe.timeout());
  }

  @Test
  void storesOpenedAndReopenedAreClosedAfterTheTestLastFirst() throws Exception {
    Probe probe = new Probe(recording("store"));
    EventStore store = probe.openStore();
    probe.reopenStore(store, ContractEvent.types());
    assertTrue(closed.isEmpty(), "closed before the test ended: " + closed);
    probe.closeWhatTheTestOpened();
    assertEquals(List.of("store-reopened", "store-new"), closed);
  }

  @Test
  void aNullFixtureFailsNamingFixture() {
    Probe probe = new Probe(null);
    AssertionFailedError e = assertThrows(AssertionFailedError.class, probe::openStore);
    assertTrue(e.getMessage().startsWith("fixture() returned null"), e.getMessage());
    assertThrows(AssertionFailedError.class, probe::scale);
  }

  @Test
  void aFixtureReturningNoStoreFailsNamingTheMethod() throws Exception {
    StoreFixture none = new StoreFixture() {
      @Override
      public EventStore newStore(EventTypes types) {
        return null;
      }

      @Override
      public EventStore reopen(EventStore store, EventTypes types) {
        return null;
      }

      @Override
      public ContractScale scale() {
        return null;
      }
    };
    Probe probe = new Probe(none);
    AssertionFailedError noStore = assertThrows(AssertionFailedError.class, probe::openStore);
    assertTrue(noStore.getMessage().startsWith("fixture().newStore(types) returned null"),
        noStore.getMessage());
    try (EventStore store = new InMemoryEventStore()) {
      AssertionFailedError noReopen = assertThrows(AssertionFailedError.class,
          () -> probe.reopenStore(store, ContractEvent.types()));
      assertTrue(noReopen.getMessage().startsWith("fixture().reopen(store, types) returned null"),
          noReopen.getMessage());
    }
    AssertionFailedError noScale = assertThrows(AssertionFailedError.class, probe::scale);
    assertTrue(noScale.getMessage().startsWith("fixture().scale() returned null"),
        noScale.getMessage());
    probe.closeWhatTheTestOpened();
  }
}
