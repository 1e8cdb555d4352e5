package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.DelegatingEventStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store a builder returns is an interface: its own extras (data source, schema) work through
 * it, and a decorator of it is told clearly where the built store itself is needed.
 */
class PostgresStoreShapeTest {
  private static final EventTypes TYPES = EventTypes.of(TestEvent.class);
  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private final PostgresEventStore store = db.builder().eventTypes(TYPES).build();

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void theDataSourceAndSchemaAreTheStoresOwn() throws Exception {
    store.append(StreamId.of("order-1"), ExpectedVersion.noStream(),
        List.of(EventData.of(new TestEvent.Numbered(1))));
    assertEquals(db.schema(), store.schema());
    try (Connection c = store.dataSource().getConnection();
        ResultSet rs = c.createStatement()
            .executeQuery("select count(*) from " + store.schema() + ".events")) {
      rs.next();
      assertEquals(1, rs.getLong(1), "the store's events are in its schema, reached through it");
    }
  }

  @Test
  void theProjectionSideStoresNeedTheBuiltStoreNotAWrapper() {
    PostgresEventStore wrapped = new Wrapped(store);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PostgresSnapshotStore.of(wrapped));
    assertTrue(e.getMessage().contains("PostgresEventStore.builder()"), e.getMessage());
    // those that need only the data source and schema work through any implementation
    assertSame(store.dataSource(), wrapped.dataSource());
    PostgresCheckpointStore.of(wrapped);
  }

  /** A decorator, as an application might write one: no subclassing of the store needed. */
  private static final class Wrapped extends DelegatingEventStore implements PostgresEventStore {
    private final PostgresEventStore inner;

    Wrapped(PostgresEventStore inner) {
      super(inner);
      this.inner = inner;
    }

    @Override
    public HorizonStatus horizonStatus() {
      return inner.horizonStatus();
    }

    @Override
    public javax.sql.DataSource dataSource() {
      return inner.dataSource();
    }

    @Override
    public String schema() {
      return inner.schema();
    }

    @Override
    public java.util.Optional<String> tenant() {
      return inner.tenant();
    }

    @Override
    public void registerTenant(String tenant, String loginRole) {
      inner.registerTenant(tenant, loginRole);
    }

    @Override
    public AppendResult append(java.sql.Connection transaction, List<StreamAppend> appends) {
      return inner.append(transaction, appends);
    }

    @Override
    public List<Check> healthChecks(dev.eventcore.health.HealthThresholds thresholds) {
      return inner.healthChecks(thresholds);
    }
  }
}
