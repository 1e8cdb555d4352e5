package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The never-skip log: a transaction held open while a later one commits; nothing is skipped. */
class GlobalLogGapTest {
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;

  @BeforeAll
  static void start() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().groupCommit(true).stallWarningAfter(Duration.ofMillis(500)).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    db.close();
  }

  @Test
  void aReaderNeverPassesAnOpenTransactionWhileTheNaiveReaderLosesItsEvent() throws Exception {
    StreamId a = StreamId.of("a-" + UUID.randomUUID());
    StreamId b = StreamId.of("b-" + UUID.randomUUID());
    GlobalPosition start = store.append(StreamId.of("warmup-" + UUID.randomUUID()),
        ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(0)))).lastPosition();
    List<RecordedEvent<?>> delivered = new CopyOnWriteArrayList<>();
    UUID idA = UUID.randomUUID();
    try (Subscription subscription = store.subscribe(start, delivered::add);
        RawSql.NaiveReader naive = new RawSql.NaiveReader(db.schema);
        Connection slow = PostgresTestDatabase.connect()) {
      naive.poll();
      slow.setAutoCommit(false);
      long positionA = RawSql.append(slow, db.schema, a.value(), idA, 1);
      AppendResult resultB = store.append(b, ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(2))));
      assertTrue(resultB.lastPosition().value() > positionA, "B is after A in the log");

      naive.poll();
      assertTrue(naive.seen.contains(
          store.readStream(b).get(0).id().value()), "the naive reader sees B at once");

      long holdUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < holdUntil) {
        assertTrue(subscription.position().value() < positionA,
            "the subscription passed A's position while A was open");
        assertTrue(delivered.isEmpty(), "nothing may be delivered while A is open: " + delivered);
        assertTrue(store.readAll(start, 100).isEmpty(), "readAll must not pass A");
        Thread.sleep(100);
      }
      HorizonStatus status = store.horizonStatus();
      assertTrue(status.isStalled(), status.toString());
      assertTrue(status.pendingEvents() >= 1, status.toString());
      assertTrue(status.lag().toMillis() >= 2_500, status.toString());
      assertEquals(RawSql.backendPid(slow), status.blocker().orElseThrow().pid(), status.toString());
      assertTrue(status.blocker().orElseThrow().transactionAge().toMillis() >= 2_500);

      slow.commit();
      assertTrue(subscription.awaitPosition(resultB.lastPosition(), Duration.ofSeconds(5)));
      naive.poll();
      assertFalse(naive.seen.contains(idA), "the naive reader was expected to lose A");

      List<UUID> ids = new ArrayList<>();
      for (RecordedEvent<?> event : delivered) {
        ids.add(event.id().value());
      }
      assertEquals(List.of(idA, store.readStream(b).get(0).id().value()), ids,
          "A then B, each once");
      assertEquals(positionA, delivered.get(0).position().value());
      assertFalse(store.horizonStatus().isStalled());
    }
  }

  @Test
  void concurrentWritersAndTwoSubscribersSeeTheSameCompleteSequenceWhileTheNaiveReaderMisses()
      throws Exception {
    int writers = 16;
    int appendsPerWriter = 200;
    GlobalPosition start = store.append(StreamId.of("mark-" + UUID.randomUUID()),
        ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(0)))).lastPosition();
    List<RecordedEvent<?>> first = new CopyOnWriteArrayList<>();
    List<RecordedEvent<?>> second = new CopyOnWriteArrayList<>();
    Set<UUID> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (PostgresEventStore plain = db.builder().groupCommit(false).maxPoolSize(20).build();
        Subscription s1 = store.subscribe(start, first::add);
        Subscription s2 = plain.subscribe(start, second::add);
        RawSql.NaiveReader naive = new RawSql.NaiveReader(db.schema)) {
      naive.poll();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        PostgresEventStore target = w % 2 == 0 ? store : plain;
        StreamId stream = StreamId.of("stress-" + w + "-" + UUID.randomUUID());
        threads.add(new Thread(() -> {
          for (int i = 0; i < appendsPerWriter; i++) {
            EventData<TestEvent> event = new EventData<>(EventId.random(), new TestEvent.Numbered(i),
                dev.eventcore.Metadata.empty());
            target.append(stream, ExpectedVersion.any(), List.of(event));
            acknowledged.add(event.id().value());
          }
        }));
      }
      // a slow writer: forces out-of-order commits the naive reader must trip over
      Thread slowWriter = new Thread(() -> {
        try (Connection c = PostgresTestDatabase.connect()) {
          c.setAutoCommit(false);
          for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            RawSql.append(c, db.schema, "slow-" + UUID.randomUUID(), id, i);
            Thread.sleep(50);
            c.commit();
            acknowledged.add(id);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      threads.add(slowWriter);
      threads.forEach(Thread::start);
      boolean running = true;
      while (running) {
        naive.poll();
        running = false;
        for (Thread thread : threads) {
          running |= thread.isAlive();
        }
      }
      for (Thread thread : threads) {
        thread.join();
      }
      naive.poll();
      int expected = writers * appendsPerWriter + 20;
      assertEquals(expected, acknowledged.size());
      List<RecordedEvent<?>> log = new ArrayList<>();
      GlobalPosition after = start;
      while (log.size() < expected) {
        List<RecordedEvent<?>> page = store.readAll(after, 10_000);
        assertFalse(page.isEmpty(), "the log ended early at " + log.size());
        log.addAll(page);
        after = page.get(page.size() - 1).position();
      }
      assertTrue(s1.awaitPosition(after, Duration.ofSeconds(20)));
      assertTrue(s2.awaitPosition(after, Duration.ofSeconds(20)));
      assertEquals(positions(log), positions(first), "subscriber 1 = the log");
      assertEquals(positions(log), positions(second), "subscriber 2 = the log");
      Set<UUID> logged = new HashSet<>();
      Map<StreamId, Long> versions = new HashMap<>();
      for (RecordedEvent<?> event : log) {
        assertTrue(logged.add(event.id().value()), "duplicate " + event.describe());
        long previous = versions.getOrDefault(event.streamId(), 0L);
        assertEquals(previous + 1, event.version().value(), "stream order " + event.describe());
        versions.put(event.streamId(), event.version().value());
      }
      assertEquals(acknowledged, logged);
      int missed = 0;
      Set<UUID> naiveSeen = new HashSet<>(naive.seen);
      for (UUID id : acknowledged) {
        if (!naiveSeen.contains(id)) {
          missed++;
        }
      }
      System.out.println("a naive reader missed " + missed + " of " + expected + " events");
      assertTrue(missed > 0, "the naive reader was expected to miss events");
    }
  }

  @Test
  void aTransactionOpenInAnotherDatabaseOfTheClusterHoldsTheLogAndIsNamed() throws Exception {
    String otherDatabase =
        PostgresTestDatabase.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
    StreamId stream = StreamId.of("other-db-" + UUID.randomUUID());
    try (Connection other = java.sql.DriverManager.getConnection(otherDatabase)) {
      other.setAutoCommit(false);
      try (var statement = other.createStatement()) {
        statement.execute("SELECT pg_current_xact_id()"); // a writing transaction, no table needed
      }
      AppendResult result = store.append(stream, ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(1))));
      GlobalPosition before = GlobalPosition.of(result.firstPosition().value() - 1);
      Thread.sleep(300);
      assertTrue(store.readAll(before, 10).isEmpty(), "held back by the other database");
      HorizonStatus status = store.horizonStatus();
      assertEquals(RawSql.backendPid(other), status.blocker().orElseThrow().pid(), status.toString());
      assertEquals("postgres", status.blocker().orElseThrow().database());
      other.commit();
      assertEquals(1, store.readAll(before, 10).size(), "delivered once the blocker ended");
    }
  }

  private static List<Long> positions(List<RecordedEvent<?>> events) {
    List<Long> positions = new ArrayList<>(events.size());
    for (RecordedEvent<?> event : events) {
      positions.add(event.position().value());
    }
    return positions;
  }
}
