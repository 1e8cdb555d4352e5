package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamInfo;
import dev.eventcore.Version;
import dev.eventcore.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants in one schema, each store logging in as its tenant's role: each sees and changes
 * only its own streams under the same ids, no id it can build reaches the other, and the database
 * itself refuses a session's SQL that reaches for the other tenant's rows.
 */
class TenantIsolationTest {
  private TenantSchema schema;
  private String acmeRole;
  private String globexRole;

  @BeforeEach
  void setUp() throws SQLException {
    schema = TenantSchema.create();
    acmeRole = schema.registeredRole("acme");
    globexRole = schema.registeredRole("globex");
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (schema != null) {
      schema.close();
    }
  }

  private static List<EventData<?>> numbered(long... values) {
    return java.util.Arrays.stream(values)
        .<EventData<?>>mapToObj(n -> EventData.of(new TestEvent.Numbered(n))).toList();
  }

  private static List<Long> numbers(List<RecordedEvent<?>> events) {
    return events.stream().map(e -> ((TestEvent.Numbered) e.payload()).n()).toList();
  }

  @Test
  void eachTenantSeesOnlyItsOwnStreamsUnderTheSameIds() {
    StreamId order = StreamId.of("order-1");
    try (PostgresEventStore acme = schema.tenantStore("acme", acmeRole).build();
        PostgresEventStore globex = schema.tenantStore("globex", globexRole).build()) {
      acme.append(order, ExpectedVersion.noStream(), numbered(1, 2));
      globex.append(order, ExpectedVersion.noStream(), numbered(10)); // its own version 1
      globex.append(StreamId.of("invoice-1"), ExpectedVersion.noStream(), numbered(11));
      acme.append(order, ExpectedVersion.exactly(Version.of(2)), numbered(3));

      assertEquals(List.of(1L, 2L, 3L), numbers(acme.readStream(order)));
      assertEquals(List.of(10L), numbers(globex.readStream(order)));
      assertEquals(order, acme.readStream(order).get(0).streamId(), "the tenant's own id");
      assertEquals(Version.of(3), acme.currentVersion(order));
      assertEquals(Version.of(1), globex.currentVersion(order));
      assertEquals(List.of(1L, 2L, 3L), numbers(acme.readAll(GlobalPosition.START, 100)));
      assertEquals(List.of(10L, 11L), numbers(globex.readAll(GlobalPosition.START, 100)));
      assertEquals(List.of(), numbers(acme.readAll(GlobalPosition.START, 10,
          EventFilter.categories("invoice")).events()));
      assertEquals(List.of(11L), numbers(globex.readAll(GlobalPosition.START, 10,
          EventFilter.categories("invoice")).events()));
      assertEquals(List.of(order), ids(acme.streams(StreamQuery.all())));
      assertEquals(List.of(StreamId.of("invoice-1"), order), ids(globex.streams(StreamQuery.all())));
      assertEquals(List.of(order), ids(globex.streams(StreamQuery.inCategory("order"))));
      assertEquals(3, acme.countAfter(GlobalPosition.START, EventFilter.all()),
          "counts only its own events");

      // the operator (the schema's owner) sees both, each under its tenant's key
      Set<String> keys = schema.owner().readAll(GlobalPosition.START, 100).stream()
          .map(e -> e.streamId().value()).collect(Collectors.toSet());
      assertEquals(Set.of("acme\u001Forder-1", "globex\u001Forder-1", "globex\u001Finvoice-1"),
          keys);
    }
  }

  private static List<StreamId> ids(List<StreamInfo> streams) {
    return streams.stream().map(StreamInfo::stream).toList();
  }

  @Test
  void noIdATenantCanBuildReachesAnotherTenant() {
    try (PostgresEventStore acme = schema.tenantStore("acme", acmeRole).build();
        PostgresEventStore globex = schema.tenantStore("globex", globexRole).build()) {
      globex.append(StreamId.of("order-1"), ExpectedVersion.noStream(), numbered(10));
      // the separator cannot be put into a stream id
      assertThrows(IllegalArgumentException.class, () -> StreamId.of("globex\u001Forder-1"));
      // look-alikes are acme's own streams
      for (String crafted : List.of("globex-order-1", "globex/order-1", "globex:order-1",
          "../globex/order-1", "globex\\u001Forder-1", "globex order-1")) {
        StreamId id = StreamId.of(crafted);
        assertEquals(List.of(), acme.readStream(id), crafted);
        acme.append(id, ExpectedVersion.noStream(), numbered(1));
      }
      assertEquals(List.of(10L), numbers(globex.readStream(StreamId.of("order-1"))));
      assertEquals(1, globex.readAll(GlobalPosition.START, 100).size(), "nothing written to it");
      // deletions, truncations and archives of acme touch only acme's stream of that id
      acme.append(StreamId.of("order-1"), ExpectedVersion.noStream(), numbered(1, 2, 3));
      globex.append(StreamId.of("order-1"), ExpectedVersion.any(), numbered(11, 12));
      assertEquals(1, acme.archiveStream(StreamId.of("order-1"), Version.of(2)));
      assertTrue(acme.truncateStream(StreamId.of("order-1"), Version.of(3)) > 0);
      acme.hardDeleteStream(StreamId.of("order-1"), ExpectedVersion.any());
      assertEquals(List.of(10L, 11L, 12L), numbers(globex.readStream(StreamId.of("order-1"))));
      assertTrue(globex.streamStatus(StreamId.of("order-1")).deletion().isEmpty());
    }
  }

  @Test
  void theDatabaseRefusesASessionsSqlOnAnotherTenantsRows() throws SQLException {
    try (PostgresEventStore globex = schema.tenantStore("globex", globexRole).build()) {
      globex.append(StreamId.of("order-1"), ExpectedVersion.noStream(), numbered(10, 11, 12));
      PostgresSnapshotStore.of(globex).save(
          new Snapshot<>(StreamId.of("order-1"), Version.of(3), 1, "globex's"));
      PostgresCheckpointStore checkpoints = PostgresCheckpointStore.of(globex);
      checkpoints.save(checkpoints.load("orders"), GlobalPosition.of(5), 1);
      PostgresSubjectKeyStore.of(globex).keyFor("c-1");
    }
    String s = "\"" + schema.schema() + "\"";
    HikariDataSource acme = schema.pool(acmeRole, 1);
    for (String table : List.of("event_log", "events", "snapshots",
        "checkpoints", "subject_keys", "stream_lives", "projection_leases", "dead_letters")) {
      assertEquals(0, count(acme, "SELECT count(*) FROM " + s + "." + table), table);
    }
    assertEquals(false, bool(acme, "SELECT " + s + ".forget_subject(E'globex\\x1fc-1')"),
        "the owner's function finds no key of globex's to destroy");
    assertEquals(0, count(acme,
        "SELECT count(*) FROM " + s + ".read_stream(E'globex\\x1forder-1', 1, 10)"));
    SQLException insert = assertThrows(SQLException.class, () -> TenantSchema.execute(acme,
        "INSERT INTO " + s + ".events (tx, ordinal, stream_id, version, event_id, type, data,"
            + " metadata) VALUES (pg_current_xact_id(), 0, E'globex\\x1forder-1', 4,"
            + " gen_random_uuid(), 't', '{}', '{}')"));
    assertEquals("42501", insert.getSQLState(), insert.getMessage()); // row-level security
    // the owner's functions act with the caller's tenant: nothing of globex's to move or remove
    TenantSchema.execute(acme, "SELECT " + s + ".enable_stream_deletion()");
    for (String function : List.of("truncate_stream", "archive_stream")) {
      String call = "SELECT " + s + "." + function + "(E'globex\\x1forder-1', 3)";
      try {
        assertEquals(0, count(acme, call), call);
      } catch (SQLException refused) {
        assertEquals("EC003", refused.getSQLState(), refused.getMessage()); // "has version 0"
      }
    }
    // a session cannot take another tenant's role, and setting a variable changes nothing
    assertThrows(SQLException.class, () -> TenantSchema.execute(acme, "SET ROLE " + globexRole));
    TenantSchema.execute(acme, "SET eventcore.tenant = 'globex'");
    assertEquals(0, count(acme, "SELECT count(*) FROM " + s + ".event_log"));
    try (PostgresEventStore globex = schema.tenantStore("globex", globexRole).build()) {
      assertEquals(List.of(10L, 11L, 12L), numbers(globex.readStream(StreamId.of("order-1"))));
      assertTrue(PostgresSubjectKeyStore.of(globex).find("c-1").isPresent());
      assertEquals("globex's", PostgresSnapshotStore.of(globex)
          .load(StreamId.of("order-1"), String.class).orElseThrow().state());
    }
  }

  @Test
  void aSessionsSearchPathCannotMakeItAnotherTenant() throws SQLException {
    try (PostgresEventStore globex = schema.tenantStore("globex", globexRole).build()) {
      globex.append(StreamId.of("order-1"), ExpectedVersion.noStream(), numbered(10));
      PostgresSubjectKeyStore.of(globex).keyFor("c-1");
    }
    // acme may create functions in a schema of its own, and puts it before pg_catalog: its own
    // split_part and strpos would name every key globex's, if the policies could see them
    String evil = "ec_evil_" + acmeRole.substring(acmeRole.length() - 8);
    schema.superuser("CREATE SCHEMA " + evil + " AUTHORIZATION " + acmeRole);
    String s = "\"" + schema.schema() + "\"";
    try (Connection c = schema.pool(acmeRole, 1).getConnection();
        Statement statement = c.createStatement()) {
      statement.execute("CREATE FUNCTION " + evil + ".split_part(text, text, integer)"
          + " RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'acme'::text $$");
      statement.execute("CREATE FUNCTION " + evil + ".strpos(text, text)"
          + " RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$");
      statement.execute("SET search_path = " + evil + ", pg_catalog");
      statement.execute("SET enable_indexscan = off");
      statement.execute("SET enable_bitmapscan = off");
      for (String table : List.of("event_log", "events", "subject_keys")) {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + s + "." + table)) {
          row.next();
          assertEquals(0, row.getLong(1), table);
        }
      }
      SQLException insert = assertThrows(SQLException.class, () -> statement.execute(
          "INSERT INTO " + s + ".checkpoints (projection, position, revision, fencing_token)"
              + " VALUES (E'globex\\x1forders', 1, 1, 1)"));
      assertEquals("42501", insert.getSQLState(), insert.getMessage());
    }
  }

  @Test
  void aSchemaWhoseTablesASuperuserOwnsTakesNoTenants() throws SQLException {
    // migrated by the superuser, then handed to a role that is not one: the tables and the
    // functions that run with their owner's rights are still the superuser's
    PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    db.store().close();
    try {
      String owner = schema.role("ec_handed");
      db.sql("ALTER SCHEMA %s OWNER TO " + owner);
      db.sql("GRANT ALL ON ALL TABLES IN SCHEMA %s TO " + owner);
      db.sql("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %s TO " + owner);
      try (PostgresEventStore store = PostgresEventStore.builder()
          .dataSource(schema.pool(owner, 2)).schema(db.schema()).migrate(false)
          .eventTypes(dev.eventcore.serialization.EventTypes.of(TestEvent.class)).build()) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> store.registerTenant("acme", acmeRole));
        assertTrue(e.getMessage().contains("its tables or its SECURITY DEFINER functions"),
            e.getMessage());
      }
    } finally {
      db.close();
    }
  }

  private static boolean bool(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getBoolean(1);
    }
  }

  private static long count(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void aTenantsStoreRefusesToStartUnlessTheDatabaseConfinesIt() throws SQLException {
    String unregistered = schema.role("ec_nobody");
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> schema.tenantStore("acme", unregistered).build());
    assertTrue(none.getMessage().contains("registered for no tenant"), none.getMessage());
    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> schema.tenantStore("acme", globexRole).build());
    assertTrue(other.getMessage().contains("registered for tenant 'globex'"), other.getMessage());
    IllegalStateException owner = assertThrows(IllegalStateException.class,
        () -> PostgresEventStore.builder().dataSource(schema.owner().dataSource())
            .schema(schema.schema()).tenant("acme").migrate(false)
            .eventTypes(dev.eventcore.serialization.EventTypes.of(TestEvent.class)).build());
    assertTrue(owner.getMessage().contains("sees every tenant"), owner.getMessage());
  }

  @Test
  void registrationChecksItsArguments() throws SQLException {
    PostgresEventStore owner = schema.owner();
    assertThrows(IllegalArgumentException.class, () -> owner.registerTenant("Acme", acmeRole));
    assertThrows(IllegalArgumentException.class, () -> owner.registerTenant("a-b", acmeRole));
    assertThrows(IllegalArgumentException.class, () -> owner.registerTenant("", acmeRole));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> owner.registerTenant("acme", "no_such_role_here"));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    IllegalArgumentException superuser = assertThrows(IllegalArgumentException.class,
        () -> owner.registerTenant("acme", superuserName()));
    assertTrue(superuser.getMessage().contains("sees every tenant"), superuser.getMessage());
    try (PostgresEventStore acme = schema.tenantStore("acme", acmeRole).build()) {
      IllegalStateException notOwner = assertThrows(IllegalStateException.class,
          () -> acme.registerTenant("acme", globexRole));
      assertTrue(notOwner.getMessage().contains("only the schema's owner"), notOwner.getMessage());
    }
  }

  private static String superuserName() throws SQLException {
    try (Connection c = PostgresTestDatabase.connect(); Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void aSchemaOwnedByASuperuserTakesNoTenants() throws SQLException {
    PostgresTestDatabase db = PostgresTestDatabase.newSchema();
    try (PostgresEventStore store = db.store()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> store.registerTenant("acme", acmeRole));
      assertTrue(e.getMessage().contains("superuser"), e.getMessage());
    } finally {
      db.close();
    }
  }
}
