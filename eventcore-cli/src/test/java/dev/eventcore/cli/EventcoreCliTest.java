package dev.eventcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.postgres.PostgresCheckpointStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresLogInfo;
import dev.eventcore.postgres.PostgresProjectionAdmin;
import dev.eventcore.postgres.PostgresProjectionLease;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.postgres.StoredProjection;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every command run in-process against the real PostgreSQL, on a schema filled by an application
 * store with its own event classes and running a projection: stdout, stderr and exit codes, the
 * stored state the state-changing commands leave, and the one-line failures.
 */
class EventcoreCliTest extends CliTestBase {
  static final String VIEW = "order-view";
  private static PostgresTestDatabase db;
  private static PostgresEventStore app;
  private static ProjectionRunner runner;
  private static final AtomicInteger handled = new AtomicInteger();
  private static final AtomicInteger resets = new AtomicInteger();
  private static AppendResult last;

  @BeforeAll
  static void fill() {
    db = PostgresTestDatabase.newSchema();
    app = PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).maxPoolSize(5)
        .eventTypes(EventTypes.of(ShopEvent.class)).build();
    app.append(StreamId.of("order-1"), ExpectedVersion.noStream(), List.of(
        EventData.of(new ShopEvent.OrderPlaced("1", 250), Metadata.of(Map.of("user", "ann"))),
        EventData.of(new ShopEvent.ItemAdded("sku-9")),
        EventData.of(new ShopEvent.ItemAdded("sku-10"))));
    app.append(StreamId.of("order-2"), ExpectedVersion.noStream(),
        List.of(EventData.of(new ShopEvent.OrderPlaced("2", 40))));
    last = app.append(StreamId.of("cart-7"), ExpectedVersion.noStream(), List.of(
        EventData.of(new ShopEvent.ItemAdded("sku-1")),
        EventData.of(new ShopEvent.ItemAdded("x"))));
    runner = ProjectionRunner.builder(app, PostgresCheckpointStore.of(app))
        .lease(PostgresProjectionLease.of(app, Duration.ofSeconds(5)))
        .tick(Duration.ofMillis(50)).checkpointEvery(1, Duration.ofMillis(50))
        .owner("shop-app-1").build();
    runner.register(new Projection() {
      @Override
      public String name() {
        return VIEW;
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        handled.incrementAndGet();
      }

      @Override
      public void reset() {
        resets.incrementAndGet();
        handled.set(0);
      }
    });
    runner.start(VIEW);
  }

  @AfterAll
  static void drop() throws Exception {
    runner.close();
    app.close();
    db.close();
  }

  @Override
  String[] connection() {
    return new String[] {"--jdbc-url", PostgresTestDatabase.jdbcUrl(), "--schema", db.schema()};
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static StoredProjection stored() {
    try (PostgresEventStore operator = PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl()).schema(db.schema()).maxPoolSize(3)
        .eventTypes(EventTypes.of()).migrate(false).build()) {
      return PostgresProjectionAdmin.of(operator).find(VIEW).orElseThrow();
    }
  }

  @Test
  void streamsListsIdsVersionsAndLastWritesInIdOrder() {
    Result all = ok("streams");
    List<String> lines = all.lines();
    assertTrue(lines.get(0).matches("STREAM +VERSION +LAST WRITE"), lines.get(0));
    // other tests add streams of categories live and stuck, which sort after cart
    assertTrue(lines.get(1).matches("cart-7 +2 +\\d{4}-\\d\\d-\\d\\dT.*Z"), lines.get(1));
    List<String> orders = ok("streams", "--prefix", "order-").lines();
    assertTrue(orders.get(1).matches("order-1 +3 +\\S+Z"), orders.get(1));
    assertTrue(orders.get(2).matches("order-2 +1 +\\S+Z"), orders.get(2));
    assertEquals(3, orders.size());
    assertEquals(List.of("STREAM", "cart-7"), firstColumn(ok("streams", "--category", "cart")));
    assertEquals(List.of("STREAM", "order-2"), firstColumn(ok("streams", "--category", "order",
        "--limit", "1", "--after", "order-1")));
    JsonNode json = json(ok("streams", "--json", "--category", "order"));
    assertEquals(2, json.size());
    assertEquals("order-1", json.get(0).get("stream").asString());
    assertEquals(3, json.get(0).get("version").asLong());
    assertTrue(json.get(1).get("lastRecordedAt").asString().endsWith("Z"));
    assertEquals("[ ]", ok("streams", "--json", "--prefix", "zzz").out().strip());
  }

  @Test
  void streamShowsEachEventWithItsStoredDataPretty() {
    Result shown = ok("stream", "order-1");
    String out = shown.out();
    assertTrue(out.contains("version 1  position "), out);
    assertTrue(out.contains("type OrderPlaced  recorded "), out);
    assertTrue(out.contains("metadata {\"user\": \"ann\"}"), out);
    assertTrue(out.contains("{\n  \"amount\" : 250,\n  \"orderId\" : \"1\"\n}")
        || out.contains("{\n  \"orderId\" : \"1\",\n  \"amount\" : 250\n}"), out);
    assertTrue(out.contains("version 3  "), out);
    Result page = ok("stream", "order-1", "--from", "2", "--limit", "1");
    assertTrue(page.out().contains("version 2  "), page.out());
    assertFalse(page.out().contains("version 3  "), page.out());
    JsonNode json = json(ok("stream", "order-1", "--json"));
    assertEquals(3, json.size());
    assertEquals("OrderPlaced", json.get(0).get("type").asString());
    assertEquals(250, json.get(0).get("data").get("amount").asInt());
    assertEquals("ann", json.get(0).get("metadata").get("user").asString());
    assertEquals("sku-10", json.get(2).get("data").get("sku").asString());
    failsWith(1, "no stream 'order-404' in schema '" + db.schema() + "'", "stream", "order-404");
    failsWith(1, "--from must be a version >= 1 but was 0", "stream", "order-1", "--from", "0");
  }

  @Test
  void registerTenantRefusesASchemaOwnedByASuperuserAndABadTenant() {
    // the test schema is owned by the test's superuser: the store's functions would reach every
    // tenant, so registration is refused (a tenant schema is owned by a role without SUPERUSER)
    failsWith(1, "superuser", "register-tenant", "--tenant", "acme", "--role", "pg_monitor");
    failsWith(1, "tenant must be 1..63 characters", "register-tenant", "--tenant", "Acme",
        "--role", "pg_monitor");
    CliTestBase.assertOneLineFailure(2, "Missing required option: '--role=ROLE'",
        runExactly("register-tenant", "--tenant", "acme"));
  }

  @Test
  void archiveMovesACategorysOldEventsAndEveryReadStillShowsThem() throws Exception {
    app.append(StreamId.of("invoice-1"), ExpectedVersion.noStream(), List.of(
        EventData.of(new ShopEvent.ItemAdded("a")), EventData.of(new ShopEvent.ItemAdded("b")),
        EventData.of(new ShopEvent.ItemAdded("c")), EventData.of(new ShopEvent.ItemAdded("d"))));
    String before = ok("stream", "invoice-1").out();

    Result archived = ok("archive", "--category", "invoice", "--keep", "2");

    assertEquals("archived 2 events of 1 streams (1 streams of category invoice examined)",
        archived.out().strip());
    try (java.sql.Connection c = PostgresTestDatabase.connect();
        java.sql.ResultSet rows = c.createStatement().executeQuery(
            "SELECT count(*) FROM \"" + db.schema() + "\".events_archive")) {
      rows.next();
      assertEquals(2, rows.getLong(1), "moved to the archive partition");
    }
    assertEquals(before, ok("stream", "invoice-1").out(), "read back through the archive");
    JsonNode json = json(ok("archive", "--category", "invoice", "--older-than", "1ms", "--json"));
    assertEquals(1, json.get("eventsArchived").asLong(), "all but the last: 1 more");
    failsWith(1, "say what to archive", "archive", "--category", "invoice");
    failsWith(1, "--older-than must be more than 0", "archive", "--category", "invoice",
        "--older-than", "0");
    failsWith(1, "--keep must be >= 1 but was 0", "archive", "--category", "invoice",
        "--keep", "0");
    failsWith(1, "category must be a non-empty stream category without '-'", "archive",
        "--category", "invoice-1", "--keep", "1");
    failsWith(2, "Missing required option: '--category=C'", "archive", "--keep", "1");
  }

  @Test
  void tailFromTheStartPrintsTheMatchingEventsAndStopsAtTheLimit() {
    Result tail = ok("tail", "--from-start", "--type", "ItemAdded", "--limit", "3");
    List<String> lines = tail.lines();
    assertEquals(3, lines.size(), tail.out());
    assertTrue(lines.get(0).matches("\\d+  \\S+Z  order-1@2  ItemAdded  \\{\"sku\": \"sku-9\"}"),
        lines.get(0));
    assertTrue(lines.get(2).contains("cart-7@1  ItemAdded"), lines.get(2));
    JsonNode json = Output.tree(ok("tail", "--from-start", "--category", "cart", "--limit", "1",
        "--json").out());
    assertEquals("cart-7", json.get("stream").asString());
  }

  @Test
  void tailFollowsNewEventsLive() throws Exception {
    Result[] result = new Result[1];
    Thread tail = new Thread(() -> result[0] = run("tail", "--category", "live", "--limit", "2"));
    tail.start();
    int n = 0;
    while (tail.isAlive() && n < 200) {
      app.append(StreamId.of("live-" + n++), ExpectedVersion.noStream(),
          List.of(EventData.of(new ShopEvent.ItemAdded("l"))));
      tail.join(100);
    }
    tail.join(5_000);
    assertFalse(tail.isAlive(), "tail did not stop after 2 events");
    assertEquals(0, result[0].code(), result[0].err());
    List<String> lines = result[0].lines();
    assertEquals(2, lines.size(), result[0].out());
    assertTrue(lines.get(0).contains("  live-"), lines.get(0));
    assertTrue(lines.get(1).contains("  live-"), lines.get(1));
  }

  @Test
  void projectionsShowsStateLagRateAndHolder() throws Exception {
    await("the view is active and caught up", () -> stored().state()
        == StoredProjection.State.ACTIVE && PostgresLogInfo.of(app).lastPosition()
            .equals(Optional.of(stored().position())));
    Result table = ok("projections", "--sample", "0");
    List<String> lines = table.lines();
    assertTrue(lines.get(0).matches(
        "PROJECTION +STATE +POSITION +LAG +RATE +HOLDER +DEAD LETTERS +LAST ERROR"), lines.get(0));
    assertTrue(lines.get(1).matches("order-view +ACTIVE +\\d+ +0 +- +shop-app-1 +0 +-"),
        lines.get(1));
    JsonNode json = json(ok("projections", "--sample", "200ms", "--json"));
    JsonNode view = json.get(0);
    assertEquals(VIEW, view.get("name").asString());
    assertEquals("ACTIVE", view.get("state").asString());
    assertEquals("shop-app-1", view.get("holder").asString());
    assertEquals(0, view.get("lagEvents").asLong());
    assertEquals(0.0, view.get("eventsPerSecond").asDouble());
    failsWith(2, "'xyz' is not a duration", "projections", "--sample", "xyz");
  }

  @Test
  void projectionPauseResumeRebuildAndResetChangeTheStoredStateAndTheRunningInstance()
      throws Exception {
    Result paused = ok("projection", "pause", VIEW);
    assertTrue(paused.out().startsWith("projection order-view: paused; state PAUSED"),
        paused.out());
    assertTrue(stored().pausedAt().isPresent());
    await("the instance stops", () -> runner.status(VIEW).state() == ProjectionState.STANDBY);

    JsonNode resumed = json(ok("projection", "resume", VIEW, "--json"));
    assertTrue(resumed.get("pausedAt").isNull());
    await("the instance runs again", () -> runner.status(VIEW).state() == ProjectionState.RUNNING
        && stored().state() == StoredProjection.State.ACTIVE);

    int resetsBefore = resets.get();
    Result rebuild = ok("projection", "rebuild", VIEW);
    assertTrue(rebuild.out().contains("rebuild requested; state REBUILD_REQUESTED"),
        rebuild.out());
    await("the instance rebuilt it with its reset hook", () -> resets.get() == resetsBefore + 1);
    await("the request is done", () -> stored().state() == StoredProjection.State.ACTIVE);

    int handledBefore = handled.get(); // every event once since the rebuild
    Result reset = ok("projection", "reset", VIEW);
    assertTrue(reset.out().contains("checkpoint reset to the start; state ACTIVE, checkpoint 0")
        || reset.out().contains("checkpoint reset to the start; state IDLE, checkpoint 0"),
        reset.out());
    await("the instance replays the log into the model as it is",
        () -> handled.get() >= 2 * handledBefore);
    assertEquals(resetsBefore + 1, resets.get(), "reset runs no reset hook");

    failsWith(1, "no projection named 'nope'", "projection", "pause", "nope");
    failsWith(2, "Missing required parameter: 'NAME'", "projection", "resume");
    failsWith(2, "Unknown option: '--bogus'", "projection", "rebuild", VIEW, "--bogus");
  }

  @Test
  void horizonNamesTheOpenTransactionThatHoldsTheLogBack() throws Exception {
    Result clear = ok("horizon");
    assertTrue(clear.out().contains("not held back"), clear.out());
    try (Connection stuck = DriverManager.getConnection(
        PostgresTestDatabase.jdbcUrl() + "&ApplicationName=stuck-writer")) {
      stuck.setAutoCommit(false);
      try (Statement statement = stuck.createStatement()) {
        statement.execute("SELECT pg_current_xact_id() /* forgotten */");
      }
      app.append(StreamId.of("stuck-1"), ExpectedVersion.noStream(),
          List.of(EventData.of(new ShopEvent.OrderPlaced("3", 1))));
      Result held = ok("horizon");
      assertTrue(held.out().startsWith("held back: "), held.out());
      assertTrue(held.out().contains("PID"), held.out());
      String row = held.lines().stream().filter(l -> l.contains("stuck-writer")).findFirst()
          .orElseThrow(() -> new AssertionError(held.out()));
      assertTrue(row.matches("\\d+ +\\S+ \\S+ +stuck-writer +\\S+ +idle in transaction +"
          + "SELECT pg_current_xact_id\\(\\) /\\* forgotten \\*/"), row);
      JsonNode json = json(ok("horizon", "--json"));
      assertTrue(json.get("stalled").asBoolean());
      assertTrue(json.get("pendingEvents").asLong() >= 1);
      stuck.rollback();
    }
  }

  static List<String> firstColumn(Result result) {
    List<String> ids = new ArrayList<>();
    for (String line : result.lines()) {
      ids.add(line.split(" +")[0]);
    }
    return ids;
  }
}
