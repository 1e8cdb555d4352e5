package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listing streams reads a page from the V9 index whatever the store's size: on 100,000 events
 * (10,000 streams of 10 events) every query shape is a range scan of {@code
 * events_stream_first_idx} and one look-up per listed stream, never a scan of the events or a sort,
 * with the planner's custom and generic plans alike.
 */
class StreamListingPlanTest {
  private static final String[] CATEGORIES = {"order", "customer", "cart", "payment"};
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;

  @BeforeAll
  static void fill() throws Exception {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().maxPoolSize(3).build();
    db.sql("INSERT INTO %s.events (tx, ordinal, stream_id, version, event_id, type, data, metadata)"
        + " SELECT pg_current_xact_id(), g - 1, (ARRAY['order', 'customer', 'cart', 'payment'])"
        + "[1 + ((g - 1) / 10) % 4] || '-' || ((g - 1) / 10), ((g - 1) % 10) + 1,"
        + " gen_random_uuid(), 'Numbered', '{\"n\": 1}', '{}' FROM generate_series(1, 100000) g");
    db.sql("ANALYZE %s.events");
  }

  @AfterAll
  static void drop() throws Exception {
    store.close();
    db.close();
  }

  private static String plan(String sql, boolean generic, Object... params) throws Exception {
    try (Connection c = PostgresTestDatabase.connect()) {
      try (Statement set = c.createStatement()) {
        set.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "auto"));
      }
      String text = generic
          ? "PREPARE listing AS " + numbered(sql)
          : "EXPLAIN " + sql;
      if (generic) {
        try (Statement prepare = c.createStatement()) {
          prepare.execute(text);
        }
        StringBuilder execute = new StringBuilder("EXPLAIN EXECUTE listing(");
        for (int i = 0; i < params.length; i++) {
          execute.append(i == 0 ? "" : ", ").append(params[i] instanceof String s
              ? "'" + s.replace("'", "''") + "'" : params[i]);
        }
        return collect(c.prepareStatement(execute.append(")").toString()));
      }
      PreparedStatement explain = c.prepareStatement(text);
      for (int i = 0; i < params.length; i++) {
        explain.setObject(i + 1, params[i]);
      }
      return collect(explain);
    }
  }

  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
    }
    return out.toString();
  }

  private static String collect(PreparedStatement statement) throws Exception {
    try (statement; ResultSet rows = statement.executeQuery()) {
      StringBuilder plan = new StringBuilder();
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
      return plan.toString();
    }
  }

  /**
   * The page comes from the V9 index in order (no sort node), merged with the range of truncated
   * and hard-deleted streams (V15: a few rows, sorted or not as their count makes cheaper), each
   * stream's last event by key.
   */
  private static void assertIndexedPage(String plan, boolean inOrder) {
    assertTrue(plan.contains("events_stream_first_idx"), plan);
    assertTrue(plan.contains("events_stream_version_key"), plan);
    assertTrue(plan.contains("stream_lives_listing_idx"), plan);
    assertFalse(plan.contains("Seq Scan"), plan);
    if (inOrder) {
      assertTrue(plan.contains("Merge Append"), plan);
      String events = plan.substring(0, plan.indexOf("*SELECT* 2"));
      assertFalse(events.matches("(?s).*\\bSort  \\(.*"), plan);
    }
  }

  /** The parameters of both ranges (events, then stream_lives), then the page's limit. */
  private static Object[] both(Object... range) {
    Object[] all = new Object[range.length * 2 + 1];
    System.arraycopy(range, 0, all, 0, range.length);
    System.arraycopy(range, 0, all, range.length, range.length);
    all[all.length - 1] = range[range.length - 1];
    return all;
  }

  @Test
  void everyQueryShapeReadsAnIndexRangeAndAWideOneNeedsNoSort() throws Exception {
    SchemaNames names = SchemaNames.of(store);
    // the server switches a prepared statement to the generic plan after five executions: it
    // must read in index order too, as it cannot know how many streams a range holds
    for (boolean generic : new boolean[] {false, true}) {
      assertIndexedPage(plan(StreamListing.sql(names, false, false), generic,
          both("", "", 100)), true);
      assertIndexedPage(plan(StreamListing.sql(names, true, false), generic,
          both("order-", "order.", "", 100)), true);
      assertIndexedPage(plan(StreamListing.sql(names, true, true), generic,
          both("cart", "cart.", "", "cart", "cart-", 100)), true);
      // about 100 matches: a custom plan may fetch and sort them, as cheap as a page
      assertIndexedPage(plan(StreamListing.sql(names, true, false), generic,
          both("order-12", "order-13", "order-123", 100)), generic);
    }
  }

  @Test
  void aPrefixPageListsTheRightStreamsWithTheirLastEvents() {
    List<StreamInfo> listed = store.streams(StreamQuery.startingWith("order-12").withLimit(5));
    List<String> ids = new ArrayList<>();
    for (StreamInfo info : listed) {
      ids.add(info.stream().value());
      assertEquals(Version.of(10), info.version());
      assertEquals(store.readStream(info.stream(), Version.of(10), 1).get(0).recordedAt(),
          info.lastRecordedAt());
    }
    // streams 120..129 and 1200..1299 exist; those of category "order" have numbers = 0 mod 4
    assertEquals(List.of("order-12", "order-120", "order-1200", "order-1204", "order-1208"), ids);
    assertEquals(2500, countAll(StreamQuery.inCategory("order")));
    assertEquals(10_000, countAll(StreamQuery.all()));
  }

  private static int countAll(StreamQuery query) {
    int count = 0;
    StreamQuery page = query.withLimit(StreamQuery.MAX_LIMIT);
    while (true) {
      List<StreamInfo> listed = store.streams(page);
      count += listed.size();
      if (listed.size() < page.limit()) {
        return count;
      }
      page = page.startingAfter(listed.get(listed.size() - 1).stream());
    }
  }

  @Test
  void successorIsTheLeastTextAfterEveryExtensionOfThePrefix() {
    assertEquals(Optional.empty(), StreamListing.successor(""));
    assertEquals(Optional.of("order."), StreamListing.successor("order-"));
    assertEquals(Optional.of("ab"), StreamListing.successor("aa"));
    assertEquals(Optional.of("a\uE000"), StreamListing.successor("a\uD7FF"));
    assertEquals(Optional.of("b"), StreamListing.successor("a" + Character.toString(0x10FFFF)));
    assertEquals(Optional.empty(), StreamListing.successor(Character.toString(0x10FFFF)));
    assertEquals(Optional.of("a\uD83D\uDE01"), StreamListing.successor("a\uD83D\uDE00"));
  }
}
