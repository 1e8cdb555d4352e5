package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.DcbContract;
import dev.eventcore.testkit.contract.DcbRacerContract;
import dev.eventcore.testkit.contract.EventStoreContractSuite;
import dev.eventcore.testkit.contract.StoreFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole store contract on tenants' stores: each test's store is a new tenant of one shared
 * in-memory store, which every earlier test's tenant has written to, so each must behave as a
 * store of its own.
 */
class InMemoryTenantContractTest extends EventStoreContractSuite {
  private static final Tenants STORES = new Tenants();

  @Override
  protected StoreFixture fixture() {
    return STORES;
  }

  /** Boundaries on tenants' stores: each a tenant's own events, as a store of its own. */
  @Nested
  @DisplayName("DcbContract")
  class Boundaries extends DcbContract {
    @Override
    protected StoreFixture fixture() {
      return STORES;
    }
  }

  /** The racer harness on a tenant's store, other tenants' events in the same log. */
  @Nested
  @DisplayName("DcbRacerContract")
  class BoundaryRacers extends DcbRacerContract {
    @Override
    protected StoreFixture fixture() {
      return STORES;
    }

    @Override
    protected int rounds() {
      return 300;
    }
  }

  @AfterAll
  static void closeShared() {
    STORES.close();
  }

  /** Each new store a new tenant of one shared store, with the test's event types. */
  private static final class Tenants implements StoreFixture {
    private final InMemoryEventStore shared = new InMemoryEventStore();
    private final AtomicInteger tenants = new AtomicInteger();
    private final Map<EventStore, String> made = new ConcurrentHashMap<>();
    private final List<InMemoryEventStore> typed = new CopyOnWriteArrayList<>();

    @Override
    public EventStore newStore(EventTypes types) {
      return tenantStore("t" + tenants.incrementAndGet(), types);
    }

    @Override
    public EventStore reopen(EventStore store, EventTypes types) {
      return tenantStore(made.get(store), types);
    }

    private EventStore tenantStore(String tenant, EventTypes types) {
      InMemoryEventStore withTypes = shared.withEventTypes(types);
      typed.add(withTypes);
      EventStore store = withTypes.forTenant(tenant);
      made.put(store, tenant);
      return store;
    }

    void close() {
      typed.forEach(InMemoryEventStore::close);
      shared.close();
    }
  }
}
