package dev.eventcore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.postgres.PostgresDeadLetterStore;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.serialization.EventTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code dead-letters} and {@code health} on a store whose projections gave up on events. */
class DeadLettersAndHealthTest extends CliTestBase {
  private PostgresTestDatabase db;
  private PostgresEventStore app;
  private PostgresDeadLetterStore letters;

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    app = PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).maxPoolSize(3).eventTypes(EventTypes.of(ShopEvent.class)).build();
    letters = PostgresDeadLetterStore.of(app);
  }

  @AfterEach
  void close() throws Exception {
    app.close();
    db.close();
  }

  @Override
  String[] connection() {
    return new String[] {"--jdbc-url", PostgresTestDatabase.jdbcUrl(), "--schema", db.schema()};
  }

  private void deadLetter(String projection, long n, Optional<UndecodableEvent> raw) {
    letters.add(new DeadLetter(projection, GlobalPosition.of(n << 20), StreamId.of("order-" + n),
        Version.of(1), EventId.random(), raw.map(UndecodableEvent::type).orElse("OrderPlaced"),
        raw.isPresent() ? 0 : 3, "java.lang.IllegalStateException: no stock for\norder " + n,
        Instant.parse("2026-03-04T05:06:07.123Z"), raw));
  }

  @Test
  void listShowsEveryProjectionsDeadLettersAndPurgeDeletesOnesOwn() {
    deadLetter("billing", 1, Optional.empty());
    deadLetter("billing", 2, Optional.empty());
    deadLetter("shipping", 3, Optional.of(new UndecodableEvent("Legacy", 2, "{\"a\": 1}", "{}",
        "unknown type Legacy")));
    List<String> lines = ok("dead-letters", "list").lines();
    assertTrue(lines.get(0).matches(
        "PROJECTION +POSITION +EVENT +TYPE +ATTEMPTS +FAILED AT +ERROR"), lines.get(0));
    assertTrue(lines.get(1).matches("billing +1048576 +order-1@1 +OrderPlaced +3 +"
        + "2026-03-04T05:06:07.123Z +java.lang.IllegalStateException: no stock for order 1"),
        lines.get(1));
    assertTrue(lines.get(3).matches("shipping +3145728 +order-3@1 +Legacy +0 +\\S+ +"
        + "\\[undecodable] java.lang.IllegalStateException.*"), lines.get(3));
    assertEquals(4, lines.size());
    assertEquals(3, ok("dead-letters", "list", "--projection", "billing").lines().size());
    JsonNode json = json(ok("dead-letters", "list", "--projection", "shipping", "--json"));
    assertEquals("{\"a\": 1}", json.get(0).get("undecodable").get("data").asString());
    assertEquals("unknown type Legacy",
        json.get(0).get("undecodable").get("reason").asString());

    assertEquals("purged 2 dead letter(s) of projection billing",
        ok("dead-letters", "purge", "--projection", "billing").out().strip());
    assertEquals(List.of(), letters.list("billing"));
    assertEquals(1, letters.list("shipping").size());
    assertEquals(1, json(ok("dead-letters", "purge", "--projection", "shipping", "--json"))
        .get("purged").asInt());

    failsWith(1, "no projection named 'nope'", "dead-letters", "list", "--projection", "nope");
    failsWith(1, "no projection named 'billing'", "dead-letters", "purge", "--projection",
        "billing");
    failsWith(2, "Missing required option: '--projection=NAME'", "dead-letters", "purge");
    failsWith(2, "Missing required option: '--projection=NAME'", "dead-letters", "replay");
    failsWith(1, "no projection named 'nope'", "dead-letters", "replay", "--projection", "nope");
  }

  @Test
  void replayAsksTheApplicationHoldingTheLeaseToReplayThem() throws Exception {
    deadLetter("billing", 1, Optional.empty());
    deadLetter("billing", 2, Optional.empty());

    String out = ok("dead-letters", "replay", "--projection", "billing").out().strip();

    assertTrue(out.startsWith("replay of 2 dead letter(s) of projection billing requested"), out);
    try (Connection c = PostgresTestDatabase.connect();
        Statement statement = c.createStatement();
        ResultSet row = statement.executeQuery("SELECT replay_requested_at IS NOT NULL FROM \""
            + db.schema() + "\".projection_leases WHERE projection = 'billing'")) {
      assertTrue(row.next() && row.getBoolean(1), "the request is stored for the application");
    }
    JsonNode json = json(ok("dead-letters", "replay", "--projection", "billing", "--json"));
    assertTrue(json.get("requested").asBoolean());
    assertEquals(2, json.get("deadLetters").asInt());
  }

  @Test
  void healthIsOkOnACleanStoreAndDegradedWithDeadLetters() {
    Result clean = ok("health");
    List<String> lines = clean.lines();
    assertEquals("status       ok", lines.get(0));
    assertTrue(lines.get(1).matches("database     reachable, \\d+ ms round trip"), lines.get(1));
    assertEquals("horizon      not held back", lines.get(2));
    assertEquals("projections  none; 0 dead letter(s)", lines.get(3));
    assertEquals("ok", json(ok("health", "--json")).get("status").asString());

    deadLetter("billing", 1, Optional.empty());
    Result degraded = run("health");
    assertEquals(1, degraded.code(), degraded.toString());
    assertTrue(degraded.out().startsWith("status       degraded\n"), degraded.out());
    assertTrue(degraded.out().contains("projections  1 unleased; 1 dead letter(s)"),
        degraded.out());
    assertEquals("eventcore: degraded: projection billing has 1 dead letter(s)",
        degraded.err().strip());
    JsonNode json = json(run("health", "--json"));
    assertEquals("degraded", json.get("status").asString());
    assertEquals(1, json.get("projections").get("UNLEASED").asInt());
  }
}
