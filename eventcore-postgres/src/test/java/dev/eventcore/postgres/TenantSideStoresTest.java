package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.projection.Checkpoint;
import dev.eventcore.snapshot.Snapshot;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stores beside the log are the tenant's too: two tenants' projections, snapshots and data
 * subjects of the same names are apart, and the operator's view shows each under its tenant.
 */
class TenantSideStoresTest {
  private TenantSchema schema;
  private PostgresEventStore acme;
  private PostgresEventStore globex;

  @BeforeEach
  void setUp() throws SQLException {
    schema = TenantSchema.create();
    acme = schema.tenantStore("acme", schema.registeredRole("acme")).build();
    globex = schema.tenantStore("globex", schema.registeredRole("globex")).build();
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (acme != null) {
      acme.close();
    }
    if (globex != null) {
      globex.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void checkpointsOfTheSameProjectionNameAreEachTenantsOwn() {
    PostgresCheckpointStore mine = PostgresCheckpointStore.of(acme);
    PostgresCheckpointStore theirs = PostgresCheckpointStore.of(globex);
    Checkpoint saved = mine.save(mine.load("orders"), GlobalPosition.of(42), 1);
    assertEquals(GlobalPosition.of(42), mine.load("orders").position());
    assertEquals(Checkpoint.initial("orders"), theirs.load("orders"), "globex has none");
    theirs.save(theirs.load("orders"), GlobalPosition.of(7), 1);
    assertEquals(saved, mine.load("orders"), "acme's unchanged");
    assertEquals("orders", PostgresProjectionAdmin.of(acme).find("orders").orElseThrow().name());
    assertTrue(PostgresProjectionAdmin.of(schema.owner())
        .find("acme\u001Forders").isPresent(), "the operator sees it under acme's key");
  }

  @Test
  void snapshotsAndSubjectKeysOfTheSameIdsAreEachTenantsOwn() {
    StreamId order = StreamId.of("order-1");
    PostgresSnapshotStore.of(acme).save(new Snapshot<>(order, Version.of(3), 1, "acme's"));
    assertEquals("acme's", PostgresSnapshotStore.of(acme).load(order, String.class)
        .orElseThrow().state());
    assertTrue(PostgresSnapshotStore.of(globex).load(order, String.class).isEmpty());

    PostgresSubjectKeyStore mine = PostgresSubjectKeyStore.of(acme);
    PostgresSubjectKeyStore theirs = PostgresSubjectKeyStore.of(globex);
    var key = mine.keyFor("c-42");
    assertTrue(theirs.find("c-42").isEmpty(), "globex has no key for its own c-42");
    assertNotEquals(key.id(), theirs.keyFor("c-42").id());
    assertTrue(theirs.destroy("c-42"));
    assertEquals(key.id(), mine.find("c-42").orElseThrow().id(), "acme's key stays");
  }
}
