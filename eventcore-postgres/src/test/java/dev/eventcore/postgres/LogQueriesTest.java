package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL side of the log queries: the position at a time stays below a transaction still
 * open (it may commit events recorded after that time at lower positions), and is exact once
 * nothing is open; the events of a correlation id are found by V13's index, not a scan.
 */
class LogQueriesTest {

  @Test
  void thePositionAtATimeStaysBelowATransactionStillOpen() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.store();
        Connection open = PostgresTestDatabase.connect()) {
      store.append(StreamId.of("early-1"), ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(1))));
      Thread.sleep(5);
      open.setAutoCommit(false);
      long xid;
      try (Statement statement = open.createStatement();
          ResultSet row = statement.executeQuery("SELECT pg_current_xact_id()::text")) {
        row.next();
        xid = Long.parseLong(row.getString(1)); // holds the horizon at its id
      }
      Instant since = Instant.now();
      Thread.sleep(5);
      store.append(StreamId.of("late-1"), ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(2))));
      RecordedEvent<?> late = store.readStream(StreamId.of("late-1")).get(0);
      GlobalPosition held = store.positionAt(since);
      assertTrue(held.value() < ((xid + 1) << Positions.ORDINAL_BITS),
          "below the open transaction " + xid + ": " + held);
      open.rollback();
      GlobalPosition exact = store.positionAt(late.recordedAt());
      assertEquals(List.of(late), store.readAll(exact, 10), "exact once nothing is open");
    }
  }

  @Test
  void theEventsOfACorrelationIdAreFoundByTheirIndex() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.store()) {
      for (int batch = 0; batch < 20; batch++) {
        List<EventData<?>> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          events.add(EventData.of(new TestEvent.Numbered(i),
              Metadata.empty().withCorrelationId("flow-" + (batch * 500 + i) % 2_000)));
        }
        store.append(StreamId.of("many-" + batch), ExpectedVersion.noStream(), events);
      }
      db.sql("ANALYZE %s.events");
      assertEquals(5, store.readCorrelated("flow-7", GlobalPosition.START, 100).size());
      SchemaNames names = new SchemaNames(db.schema);
      String plan = explain(names.readCorrelatedSql.replace("??", "?")
          .replaceFirst("= \\?", "= 'flow-7'").replaceFirst("CAST\\(\\? AS xid8\\), \\?", "CAST('0' AS xid8), -1")
          .replaceFirst("LIMIT \\?", "LIMIT 100"));
      assertTrue(plan.contains("events_correlation_idx"), plan);
    }
  }

  private static String explain(String sql) throws Exception {
    try (Connection c = PostgresTestDatabase.connect(); Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
      StringBuilder plan = new StringBuilder();
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
      return plan.toString();
    }
  }
}
