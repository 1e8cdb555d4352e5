package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appends inside the application's own transaction: the application's rows and the events commit
 * or roll back together, the store never commits or changes the connection, subscribers are woken
 * at the commit, and each stream's events keep their order in the global log even when the
 * application's transaction wrote before it appended.
 */
class AppendInTransactionTest {
  private static final Duration NO_POLLING = Duration.ofHours(1);

  private final PostgresTestDatabase db = PostgresTestDatabase.newSchema();
  private PostgresEventStore store;
  private Connection c;

  @BeforeEach
  void open() throws Exception {
    store = db.builder().pollInterval(NO_POLLING).build();
    db.sql("CREATE TABLE %s.orders (id text PRIMARY KEY)");
    c = PostgresTestDatabase.connect();
  }

  @AfterEach
  void close() throws Exception {
    c.close();
    store.close();
    db.close();
  }

  @Test
  void theApplicationsRowsAndTheEventsCommitTogether() throws Exception {
    StreamId order = StreamId.of("order", "1");
    c.setAutoCommit(false);
    AppendResult result = store.append(c, order, ExpectedVersion.noStream(),
        List.of(EventData.of(new TestEvent.Numbered(1)), EventData.of(new TestEvent.Numbered(2))));
    insertOrder(db, c, "1");
    assertEquals(Version.of(2), result.versions().get(order));
    assertFalse(c.getAutoCommit(), "the store left the connection's mode alone");
    assertEquals(List.of(), store.readStream(order), "not committed: the store did not commit");
    assertEquals(0, db.count("SELECT count(*) FROM %s.orders"));

    c.commit();
    List<RecordedEvent<?>> events = store.readStream(order);
    assertEquals(List.of(new TestEvent.Numbered(1), new TestEvent.Numbered(2)),
        events.stream().map(RecordedEvent::payload).toList());
    assertEquals(result.firstPosition(), events.get(0).position());
    assertEquals(result.lastPosition(), events.get(1).position());
    assertEquals(events, store.readAll(GlobalPosition.START, 10));
    assertEquals(1, db.count("SELECT count(*) FROM %s.orders"));
  }

  @Test
  void aRollbackTakesTheEventsWithIt() throws Exception {
    StreamId order = StreamId.of("order", "2");
    c.setAutoCommit(false);
    store.append(c, List.of(new StreamAppend(order, ExpectedVersion.noStream(),
        List.of(EventData.of(new TestEvent.Numbered(1))))));
    insertOrder(db, c, "2");
    c.rollback();
    assertEquals(Version.NONE, store.currentVersion(order));
    assertEquals(0, db.count("SELECT count(*) FROM %s.events"));
    assertEquals(0, db.count("SELECT count(*) FROM %s.orders"));
    // nothing of it is left: the stream starts afresh, with the store's own append too
    store.append(order, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(3))));
    assertEquals(Version.of(1), store.currentVersion(order));
  }

  @Test
  void aVersionMissLeavesTheTransactionUsable() throws Exception {
    StreamId order = StreamId.of("order", "3");
    store.append(order, ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(1))));
    c.setAutoCommit(false);
    insertOrder(db, c, "3");
    WrongExpectedVersionException miss = assertThrows(WrongExpectedVersionException.class,
        () -> store.append(c, order, ExpectedVersion.noStream(),
            List.of(EventData.of(new TestEvent.Numbered(2)))));
    assertEquals(Version.of(1), miss.actual());
    store.append(c, order, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new TestEvent.Numbered(2))));
    c.commit();
    assertEquals(Version.of(2), store.currentVersion(order));
    assertEquals(1, db.count("SELECT count(*) FROM %s.orders"));
  }

  @Test
  void subscribersAreWokenAtTheCommitNotBefore() throws Exception {
    BlockingQueue<RecordedEvent<?>> seen = new LinkedBlockingQueue<>();
    try (Subscription subscription = store.subscribe(GlobalPosition.START, seen::add)) {
      Thread.sleep(300); // the LISTEN connection is up
      c.setAutoCommit(false);
      store.append(c, StreamId.of("order", "4"), ExpectedVersion.noStream(),
          List.of(EventData.of(new TestEvent.Numbered(4))));
      assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS), "nothing before the commit");
      c.commit();
      // the subscription polls once an hour: only the NOTIFY delivered at the commit wakes it
      RecordedEvent<?> event = seen.poll(10, TimeUnit.SECONDS);
      assertTrue(event != null, "woken by the commit");
      assertEquals(new TestEvent.Numbered(4), event.payload());
      assertTrue(subscription.isRunning());
    }
  }

  @Test
  void anAppendAfterALaterWriterOfTheStreamIsRefusedRatherThanOutOfOrder() throws Exception {
    StreamId order = StreamId.of("order", "5");
    c.setAutoCommit(false);
    insertOrder(db, c, "5"); // the application's transaction takes its id now
    store.append(order, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(1))));
    TransientStoreException refused = assertThrows(TransientStoreException.class,
        () -> store.append(c, order, ExpectedVersion.any(),
            List.of(EventData.of(new TestEvent.Numbered(2)))));
    assertTrue(refused.getMessage().contains("retry the transaction"), refused.getMessage());
    c.rollback();

    insertOrder(db, c, "5"); // the retry: a new transaction, a newer id
    store.append(c, order, ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(2))));
    c.commit();
    assertEquals(List.of(1L, 2L), store.readAll(GlobalPosition.START, 10).stream()
        .map(e -> e.version().value()).toList(), "the stream's order is the log's order");
  }

  @Test
  void badArgumentsAreRefusedByName() throws Exception {
    StreamId order = StreamId.of("order", "6");
    List<EventData<?>> one = List.of(EventData.of(new TestEvent.Numbered(1)));
    NullPointerException none = assertThrows(NullPointerException.class,
        () -> store.append(null, order, ExpectedVersion.any(), one));
    assertEquals("transaction", none.getMessage());
    IllegalArgumentException auto = assertThrows(IllegalArgumentException.class,
        () -> store.append(c, order, ExpectedVersion.any(), one));
    assertTrue(auto.getMessage().contains("auto-commit"), auto.getMessage());
    c.setAutoCommit(false);
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> store.append(c, order, ExpectedVersion.any(), List.of()));
    assertTrue(empty.getMessage().contains("must not be empty"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> store.append(c, List.of()));
    c.close();
    IllegalArgumentException closed = assertThrows(IllegalArgumentException.class,
        () -> store.append(c, order, ExpectedVersion.any(), one));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    assertEquals(0, db.count("SELECT count(*) FROM %s.events"), "nothing written");
  }

  /**
   * Eight threads run transactions that write a row, append to one of three shared streams (some
   * before the row, some after it) and commit or roll back; a refused append is retried in a new
   * transaction. Afterwards the committed rows and the events match one for one, each stream's
   * events come in version order in the log, and a live subscriber saw each event once.
   */
  @Test
  void concurrentTransactionsKeepRowsAndEventsTogetherAndStreamsInOrder() throws Exception {
    int threads = 8;
    int perThread = 40;
    List<RecordedEvent<?>> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger refusals = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (Subscription subscription = store.subscribe(GlobalPosition.START, delivered::add)) {
      List<Future<Integer>> committed = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        committed.add(pool.submit(() -> {
          start.await();
          int commits = 0;
          try (Connection c = PostgresTestDatabase.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < perThread; i++) {
              String id = thread + "-" + i;
              StreamId stream = StreamId.of("shared", Integer.toString(i % 3));
              boolean rowFirst = (thread + i) % 2 == 0;
              while (true) {
                try {
                  if (rowFirst) {
                    insertOrder(db, c, id);
                  }
                  store.append(c, stream, ExpectedVersion.any(),
                      List.of(EventData.of(new TestEvent.Numbered(thread * 1_000L + i))));
                  if (!rowFirst) {
                    insertOrder(db, c, id);
                  }
                  if (i % 5 == 4) {
                    c.rollback();
                  } else {
                    c.commit();
                    commits++;
                  }
                  break;
                } catch (TransientStoreException e) {
                  refusals.incrementAndGet();
                  c.rollback();
                }
              }
            }
          }
          return commits;
        }));
      }
      start.countDown();
      int commits = 0;
      for (Future<Integer> f : committed) {
        commits += f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(threads * perThread * 4 / 5, commits);
      assertEquals(commits, db.count("SELECT count(*) FROM %s.orders"));
      List<RecordedEvent<?>> log = new ArrayList<>();
      List<RecordedEvent<?>> page;
      GlobalPosition after = GlobalPosition.START;
      while (!(page = store.readAll(after, 1_000)).isEmpty()) {
        log.addAll(page);
        after = page.get(page.size() - 1).position();
      }
      assertEquals(commits, log.size(), "one event per committed row");
      Map<StreamId, Long> last = new HashMap<>();
      for (RecordedEvent<?> event : log) {
        long previous = last.getOrDefault(event.streamId(), 0L);
        assertEquals(previous + 1, event.version().value(),
            "stream " + event.streamId() + " in version order in the log");
        last.put(event.streamId(), event.version().value());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (delivered.size() < log.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(log, delivered, "the subscriber saw each event once, in log order");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void insertOrder(PostgresTestDatabase db, Connection c, String id)
      throws Exception {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO \"" + db.schema + "\".orders (id) VALUES (?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
  }
}
