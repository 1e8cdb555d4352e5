package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one schema stand for two processes: the subscriber's store polls only once an hour,
 * so it learns of the writer's commits only through NOTIFY, also after its LISTEN connection was
 * killed. No timing threshold: a commit not delivered within 10 s was not notified.
 */
class CrossProcessWakeUpTest {

  private static void appendAndAwait(PostgresEventStore writer, Subscription subscription)
      throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      AppendResult result = writer.append(StreamId.of("wake"), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(i))));
      assertTrue(subscription.awaitPosition(result.lastPosition(), Duration.ofSeconds(10)),
          "a commit of another process did not wake the subscriber: no NOTIFY arrived");
    }
  }

  @Test
  void anotherProcessesCommitWakesASubscriberEvenAfterItsListenConnectionDied() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      String application = "ec_listen_" + db.schema.substring(db.schema.length() - 8);
      try (PostgresEventStore writer = db.store();
          PostgresEventStore reader = db.builder()
              .jdbcUrl(PostgresTestDatabase.jdbcUrl() + "&ApplicationName=" + application)
              .pollInterval(Duration.ofHours(1))
              .build();
          Subscription subscription = reader.subscribe(GlobalPosition.START, event -> { })) {
        Thread.sleep(300); // the LISTEN connection is up
        appendAndAwait(writer, subscription);

        try (Connection c = PostgresTestDatabase.connect(); Statement kill = c.createStatement()) {
          kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = '" + application + "'");
        }
        Thread.sleep(1_500); // reconnects after 100 ms
        appendAndAwait(writer, subscription);
      }
    }
  }

  @Test
  void theStoresThreadsComeFromTheHostsFactory() throws Exception {
    Set<Thread> made = ConcurrentHashMap.newKeySet();
    ThreadFactory host = task -> {
      Thread thread = new Thread(task, "host-" + made.size());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    };
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore writer = db.store();
        PostgresEventStore reader = db.builder().threadFactory(host)
            .pollInterval(Duration.ofHours(1)).build();
        Subscription subscription = reader.subscribe(GlobalPosition.START, event -> { })) {
      // NOTIFY sender, LISTEN listener, horizon watchdog, the subscription (and later the tailer)
      assertTrue(made.size() >= 4, "the store's threads: " + made);
      Thread.sleep(300); // the LISTEN connection is up
      appendAndAwait(writer, subscription); // woken through the host's listener thread
    }
    assertThrows(NullPointerException.class,
        () -> PostgresEventStore.builder().threadFactory(null));
  }

  @Test
  void rejectsANonPositivePollInterval() {
    assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().pollInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().pollInterval(Duration.ofMillis(-1)));
  }

  @Test
  void takesALogReadCoalescingIntervalFromZeroToOneSecond() {
    PostgresEventStore.builder().logReadCoalescing(Duration.ZERO);
    PostgresEventStore.builder().logReadCoalescing(Duration.ofSeconds(1));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().logReadCoalescing(Duration.ofMillis(-1)));
    assertTrue(negative.getMessage().contains("allowed: 0 to 1 s"), negative.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> PostgresEventStore.builder().logReadCoalescing(Duration.ofMillis(1_001)));
    assertThrows(NullPointerException.class,
        () -> PostgresEventStore.builder().logReadCoalescing(null));
  }
}
