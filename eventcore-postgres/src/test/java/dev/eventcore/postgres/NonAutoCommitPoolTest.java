package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A store on the application's pool whose connections come with auto-commit off (as many Spring
 * setups configure HikariCP): every append path commits its own work without switching the mode,
 * so every acknowledged append is there for another connection to read, and subscribers get all.
 */
class NonAutoCommitPoolTest {

  @Test
  void everyAppendPathCommitsOnConnectionsThatComeWithAutoCommitOff() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresTestDatabase.jdbcUrl());
    config.setAutoCommit(false);
    config.setMaximumPoolSize(6);
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        HikariDataSource pool = new HikariDataSource(config)) {
      List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();
      try (PostgresEventStore store = PostgresEventStore.builder().dataSource(pool)
              .schema(db.schema).eventTypes(EventTypes.of(TestEvent.class)).build();
          Subscription subscription = store.subscribe(GlobalPosition.START, seen::add)) {
        store.append(StreamId.of("one"), ExpectedVersion.noStream(), List.of(numbered(1)));
        store.append(StreamId.of("two"), ExpectedVersion.any(), List.of(numbered(2), numbered(3)));
        store.append(List.of(
            new StreamAppend(StreamId.of("one"), ExpectedVersion.exactly(dev.eventcore.Version.of(1)),
                List.of(numbered(4))),
            new StreamAppend(StreamId.of("three"), ExpectedVersion.noStream(), List.of(numbered(5)))));
        // a version miss: the direct path writes nothing and the function decides
        store.append(StreamId.of("two"), ExpectedVersion.any(), List.of(numbered(6)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
              for (int i = 0; i < 25; i++) {
                store.append(StreamId.of("writer", thread + "-" + i), ExpectedVersion.noStream(),
                    List.of(numbered(1_000 + thread * 100 + i)));
              }
              return null;
            }));
          }
          for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          threads.shutdownNow();
        }
        int expected = 6 + 8 * 25;
        assertEquals(expected, db.count("SELECT count(*) FROM %s.events"),
            "every acknowledged append is committed");
        assertEquals(expected, store.countAfter(GlobalPosition.START, dev.eventcore.EventFilter.all()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < expected && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(expected, seen.size(), "the subscriber saw every event");
        assertEquals(3, store.readStream(StreamId.of("two")).size());
      }
    }
  }

  private static EventData<?> numbered(long n) {
    return EventData.of(new TestEvent.Numbered(n));
  }
}
