package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end of the readable log, and the open transactions that hold it back. */
class PostgresLogInfoTest {

  @Test
  void lastPositionIsTheLastReadableEventAndAnOpenWriterIsListedWithItsStatement()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.builder().maxPoolSize(3).build()) {
      PostgresLogInfo log = PostgresLogInfo.of(store);
      assertEquals(Optional.empty(), log.lastPosition());
      AppendResult written = store.append(StreamId.of("order-1"), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(1)),
              EventData.of(new TestEvent.Numbered(2))));
      assertEquals(Optional.of(written.lastPosition()), log.lastPosition());
      String url = PostgresTestDatabase.jdbcUrl() + "&ApplicationName=stuck-writer";
      try (Connection stuck = DriverManager.getConnection(url)) {
        stuck.setAutoCommit(false);
        try (Statement statement = stuck.createStatement()) {
          statement.execute("SELECT pg_current_xact_id() /* holding the horizon */");
        }
        AppendResult later = store.append(StreamId.of("order-2"), ExpectedVersion.any(),
            List.of(EventData.of(new TestEvent.Numbered(3))));
        // committed, but behind the open transaction: not readable yet
        assertEquals(Optional.of(written.lastPosition()), log.lastPosition());
        // other tests may run on the server: find this one among the open writers
        OpenTransaction oldest = log.openTransactions().stream()
            .filter(tx -> tx.applicationName().equals("stuck-writer")).findFirst().orElseThrow();
        assertEquals("stuck-writer", oldest.applicationName());
        assertEquals("idle in transaction", oldest.state());
        assertTrue(oldest.query().contains("holding the horizon"), oldest.query());
        assertTrue(oldest.pid() > 0);
        stuck.rollback();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!log.lastPosition().equals(Optional.of(later.lastPosition()))
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(Optional.of(later.lastPosition()), log.lastPosition());
      }
    }
  }
}
