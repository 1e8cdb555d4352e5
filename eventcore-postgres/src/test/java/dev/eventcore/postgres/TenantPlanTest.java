package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A tenant's log read walks the tenant's own index in position order and stops at its limit
 * (row-level security's condition is the index condition), not every tenant's events, also where
 * statistics mislead: one large tenant analyzed, then a new tenant grown unseen.
 */
class TenantPlanTest {
  @Test
  void aTenantsLogReadWalksItsOwnIndexInOrder() throws Exception {
    try (TenantSchema schema = TenantSchema.create()) {
      String busy = schema.registeredRole("busy");
      String late = schema.registeredRole("late");
      try (PostgresEventStore store = schema.tenantStore("busy", busy).build()) {
        append(store, 200);
      }
      schema.superuser("ANALYZE %s.events");
      try (PostgresEventStore store = schema.tenantStore("late", late).build()) {
        append(store, 100); // 10,000 events the statistics have not seen
      }
      SchemaNames names = new SchemaNames(schema.schema(), Optional.of("late"));
      HikariDataSource pool = schema.pool(late, 1);
      List<String> plan = new ArrayList<>();
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false); // as the store reads: in a transaction, in index order
        try (Statement set = c.createStatement()) {
          set.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off");
        }
        try (PreparedStatement explain =
            c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + names.readAllSql)) {
          EventQuery.customPlans(explain);
          explain.setString(1, "0");
          explain.setInt(2, 0);
          explain.setInt(3, 1000);
          try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
              plan.add(rows.getString(1));
            }
          }
        }
        c.rollback();
      }
      String text = String.join("\n", plan);
      // (tenant_of is inlined: its CASE on strpos/split_part in the index and the query alike)
      assertTrue(text.lines().anyMatch(line -> line.contains("Index Cond: ((CASE WHEN"
          + " (strpos(stream_id,") && line.contains("= COALESCE($")), text);
      assertTrue(text.contains("Index Scan using events_tenant_of_tx_ordinal_idx"), text);
      assertFalse(text.contains("Rows Removed by Filter"), text); // no other tenant's event read
      assertFalse(text.contains("Sort (actual"), text); // in index order, stopped at the limit
    }
  }

  private static void append(PostgresEventStore store, int streams) {
    for (int i = 0; i < streams; i++) {
      List<EventData<?>> batch = IntStream.range(0, 100)
          .<EventData<?>>mapToObj(n -> EventData.of(new TestEvent.Numbered(n))).toList();
      store.append(StreamId.of("s-" + i), ExpectedVersion.noStream(), batch);
    }
  }
}
