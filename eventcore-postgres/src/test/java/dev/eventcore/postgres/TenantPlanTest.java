package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A tenant's log read walks the tenant's own index (row-level security's condition is its index
 * condition), not every tenant's events.
 */
class TenantPlanTest {
  @Test
  void aTenantsLogReadWalksItsOwnIndex() throws Exception {
    try (TenantSchema schema = TenantSchema.create()) {
      String busy = schema.registeredRole("busy");
      String quiet = schema.registeredRole("quiet");
      try (PostgresEventStore store = schema.tenantStore("busy", busy).build()) {
        for (int i = 0; i < 200; i++) {
          List<EventData<?>> batch = IntStream.range(0, 100)
              .<EventData<?>>mapToObj(n -> EventData.of(new TestEvent.Numbered(n))).toList();
          store.append(StreamId.of("s-" + i), ExpectedVersion.noStream(), batch);
        }
      }
      try (PostgresEventStore store = schema.tenantStore("quiet", quiet).build()) {
        store.append(StreamId.of("s-1"), ExpectedVersion.noStream(),
            List.of(EventData.of(new TestEvent.Numbered(1))));
      }
      schema.superuser("ANALYZE %s.events");
      SchemaNames names = new SchemaNames(schema.schema(), Optional.of("quiet"));
      String sql = names.readAllSql.replaceFirst("\\?", "'0'").replaceFirst("\\?", "0")
          .replaceFirst("\\?", "1000");
      HikariDataSource pool = schema.pool(quiet, 1);
      List<String> plan = new ArrayList<>();
      try (Connection c = pool.getConnection(); Statement statement = c.createStatement();
          ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
        while (rows.next()) {
          plan.add(rows.getString(1));
        }
      }
      String text = String.join("\n", plan);
      // the policy's equality with the session's tenant is the index condition: the quiet
      // tenant's read does not walk the busy tenant's 20,000 events
      assertTrue(text.contains("Index Cond: ((" + schema.schema() + ".tenant_of(stream_id) = $"),
          text);
      assertFalse(text.contains("Seq Scan"), text);
    }
  }
}
