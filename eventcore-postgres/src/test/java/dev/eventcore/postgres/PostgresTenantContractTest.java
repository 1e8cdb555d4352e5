package dev.eventcore.postgres;

import dev.eventcore.EventStore;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.ContractScale;
import dev.eventcore.testkit.contract.DcbContract;
import dev.eventcore.testkit.contract.DcbRacerContract;
import dev.eventcore.testkit.contract.EventStoreContractSuite;
import dev.eventcore.testkit.contract.StoreFixture;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole store contract, each test's store the store of a new tenant in one schema that all of
 * them share: every tenant's store behaves as a store of its own (the contracts expect each new
 * store to start empty and isolated), with row-level security on and a schema owner that is not a
 * superuser.
 */
class PostgresTenantContractTest extends EventStoreContractSuite {
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
      return 100;
    }
  }

  @AfterAll
  static void dropSchema() throws Exception {
    STORES.close();
  }

  /** Each new store a new tenant with a login role of its own. */
  private static final class Tenants implements StoreFixture {
    private final AtomicInteger tenants = new AtomicInteger();
    private final Map<EventStore, String[]> made = new ConcurrentHashMap<>();
    private TenantSchema schema;

    private synchronized TenantSchema schema() throws SQLException {
      if (schema == null) {
        schema = TenantSchema.create();
      }
      return schema;
    }

    @Override
    public EventStore newStore(EventTypes types) {
      try {
        String tenant = "t" + tenants.incrementAndGet();
        String role = schema().registeredRole(tenant);
        PostgresEventStore store = schema().tenantStore(tenant, role).eventTypes(types).build();
        made.put(store, new String[] {tenant, role});
        return store;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public EventStore reopen(EventStore store, EventTypes types) {
      String[] tenant = made.get(store);
      try {
        PostgresEventStore again = schema().tenantStore(tenant[0], tenant[1]).eventTypes(types)
            .build();
        made.put(again, tenant);
        return again;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public ContractScale scale() {
      return ContractScale.reliability().withAppendsPerWriter(300)
          .withMultiStreamAppendsPerWriter(150).withCatchUpEvents(20_000);
    }

    synchronized void close() throws SQLException {
      made.clear();
      if (schema != null) {
        schema.close();
        schema = null;
      }
    }
  }
}
