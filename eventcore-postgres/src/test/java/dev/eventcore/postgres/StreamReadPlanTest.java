package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The stream read's plan is made once per session and is safe whatever the table looked like
 * then: on a tiny, analyzed table (where the planner's own choice, a prepared statement's generic
 * plan, is a sequential scan and a sort), after the table grew tenfold without a new ANALYZE, and
 * on a skewed table (one stream of 20,000 events among 2,000 of one), the plan that runs inside
 * {@code read_stream} is the ordered scan of the {@code (stream_id, version)} index. The plans are
 * those the server really ran, captured with {@code auto_explain}.
 */
class StreamReadPlanTest {

  /** The plans the server ran for {@code read_stream}'s query during the calls, as text. */
  private static List<String> plansOf(Connection c, String schema, String... calls)
      throws Exception {
    try (Statement set = c.createStatement()) {
      set.execute("LOAD 'auto_explain'");
      set.execute("SET auto_explain.log_min_duration = 0");
      set.execute("SET auto_explain.log_nested_statements = on");
      set.execute("SET client_min_messages = log");
    }
    List<String> plans = new ArrayList<>();
    for (String stream : calls) {
      try (PreparedStatement call =
          c.prepareStatement("SELECT count(*) FROM \"" + schema + "\".read_stream(?, 1, 250)")) {
        call.setString(1, stream);
        try (ResultSet rows = call.executeQuery()) {
          rows.next();
        }
        for (SQLWarning w = call.getWarnings(); w != null; w = w.getNextWarning()) {
          if (w.getMessage().contains("FROM \"" + schema + "\".event_log e")) {
            plans.add(w.getMessage());
          }
        }
      }
    }
    return plans;
  }

  private static void assertIndexScans(List<String> plans, int expected) {
    assertEquals(expected, plans.size(), "one plan per call: " + plans);
    for (String plan : plans) {
      // the hot partition's index and the archive's, merged in version order without a sort
      assertTrue(plan.contains("Index Scan using events_stream_version_key"), plan);
      assertTrue(plan.contains("Index Scan using events_archive_stream_version_key"), plan);
      assertTrue(plan.contains("Merge Append"), plan);
      assertFalse(plan.contains("Seq Scan"), plan);
      assertFalse(plan.contains("Bitmap"), plan);
      assertFalse(Pattern.compile("(^|->)\\s*Sort\\s+\\(", Pattern.MULTILINE).matcher(plan).find(),
          plan);
    }
  }

  private static String genericPlanOfAPreparedStatement(Connection c, String schema)
      throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE direct(text, bigint, int) AS SELECT e.version FROM \"" + schema
          + "\".events e WHERE e.stream_id = $1 AND e.version >= $2 ORDER BY e.version LIMIT $3");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = s.executeQuery("EXPLAIN EXECUTE direct('a', 1, 250)")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      s.execute("DEALLOCATE direct");
      s.execute("RESET plan_cache_mode");
      return plan.toString();
    }
  }

  @Test
  void aPlanMadeOnATinyTableStaysAnIndexScanAsTheTableGrowsAndSkews() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.builder().maxPoolSize(3).build()) {
      for (int i = 0; i < 5; i++) {
        store.append(StreamId.of("small-" + i), ExpectedVersion.noStream(),
            List.of(EventData.of(new TestEvent.Numbered(i))));
      }
      db.sql("ANALYZE %s.events");
      try (Connection c = PostgresTestDatabase.connect()) {
        // what a prepared statement would cache here: a scan of the whole table
        assertTrue(genericPlanOfAPreparedStatement(c, db.schema).contains("Seq Scan"));
        // read_stream's plan, made now and cached for the session
        assertIndexScans(plansOf(c, db.schema, "small-1", "small-2", "small-3"), 3);
        db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data,"
            + " metadata) SELECT pg_current_xact_id(), g - 1, 'big', g, gen_random_uuid(),"
            + " 'Numbered', '{\"n\": 1}', '{}' FROM generate_series(1, 20000) g");
        db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data,"
            + " metadata) SELECT pg_current_xact_id(), g - 1, 'one-' || g, 1, gen_random_uuid(),"
            + " 'Numbered', '{\"n\": 1}', '{}' FROM generate_series(1, 2000) g");
        // grown without ANALYZE: the same session, the same plan
        assertIndexScans(plansOf(c, db.schema, "big", "one-7", "small-4"), 3);
        db.sql("ANALYZE %s.events");
        // skewed and analyzed: a new plan, the same shape, for the long stream and a short one
        assertIndexScans(plansOf(c, db.schema, "big", "one-9"), 2);
      }
      assertEquals(20_000, store.readStream(StreamId.of("big")).size());
      long[] handed = {0};
      store.readStream(StreamId.of("big"), Version.of(19_990), event -> handed[0]++);
      assertEquals(11, handed[0]);
    }
  }
}
