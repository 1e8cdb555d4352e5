package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.StoreLimits;
import dev.eventcore.serialization.EventTypes;
import java.sql.ResultSet;
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
      // through the store's own read path (the plans of a tenant's log read: in a transaction
      // without sequential and bitmap scans), on connections of the tenant's role
      HikariDataSource pool = schema.pool(late, 1);
      Codecs codecs = Codecs.of(EventTypes.of(TestEvent.class), null, List.of(),
          StoreLimits.defaults().maxEventBytes());
      EventQuery query = new EventQuery(pool, new EventRows(names, codecs, codecs.metadata()));
      List<String> plan = query.execute("explain", "EXPLAIN (ANALYZE, COSTS OFF) "
          + names.readAllSql, names.logPlans, false, (c, explain) -> {
            explain.setString(1, "0");
            explain.setInt(2, 0);
            explain.setInt(3, 1000);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = explain.executeQuery()) {
              while (rows.next()) {
                lines.add(rows.getString(1));
              }
            }
            return lines;
          });
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
