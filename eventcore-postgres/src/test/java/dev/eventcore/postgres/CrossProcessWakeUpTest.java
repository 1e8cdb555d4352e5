package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one schema stand for two processes: the subscriber's store learns of the writer's
 * commits only through NOTIFY (the subscription's poll interval is 500 ms), also after its LISTEN
 * connection was killed.
 */
class CrossProcessWakeUpTest {

  private static long medianLatencyMillis(PostgresEventStore writer, Subscription subscription)
      throws Exception {
    long[] latencies = new long[15];
    for (int i = 0; i < latencies.length; i++) {
      Thread.sleep(60);
      long start = System.nanoTime();
      AppendResult result = writer.append(StreamId.of("wake"), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(i))));
      assertTrue(subscription.awaitPosition(result.lastPosition(), Duration.ofSeconds(5)));
      latencies[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(latencies);
    return latencies[latencies.length / 2];
  }

  @Test
  void anotherProcessesCommitWakesASubscriberWithinMillisecondsEvenAfterItsListenConnectionDied()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      String application = "ec_listen_" + db.schema.substring(db.schema.length() - 8);
      try (PostgresEventStore writer = db.store();
          PostgresEventStore reader = db.builder()
              .jdbcUrl(PostgresTestDatabase.jdbcUrl() + "&ApplicationName=" + application)
              .build();
          Subscription subscription = reader.subscribe(GlobalPosition.START, event -> { })) {
        Thread.sleep(300); // the LISTEN connection is up
        long before = medianLatencyMillis(writer, subscription);
        assertTrue(before < 150, "median cross-process wake-up took " + before + " ms");

        try (Connection c = PostgresTestDatabase.connect(); Statement kill = c.createStatement()) {
          kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = '" + application + "'");
        }
        Thread.sleep(1_500); // reconnects after 100 ms
        long after = medianLatencyMillis(writer, subscription);
        assertTrue(after < 150, "after the LISTEN connection died, median wake-up took " + after
            + " ms: still polling?");
        System.out.println("cross-process wake-up median: " + before + " ms, after reconnect "
            + after + " ms");
      }
    }
  }
}
