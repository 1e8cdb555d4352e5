package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit with real threads: callers' appends share batches (the callers themselves lead
 * them), yet every caller gets exactly its own result or exception, and close finishes or fails
 * every append in flight, never leaving one waiting.
 */
class GroupCommitTest {
  private static final int THREADS = 16;
  private static final int APPENDS_PER_THREAD = 40;

  private PostgresTestDatabase db;
  private PostgresEventStore store;

  @BeforeEach
  void setUp() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().groupCommit(true).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void everyCallerGetsItsOwnOutcomeInMixedConcurrentBatches() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(pool.submit(() -> {
        start.await();
        runMixedAppends(thread);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(5, TimeUnit.MINUTES); // a hang guard, not a speed check
    }
    pool.shutdown();
    for (int t = 0; t < THREADS; t++) {
      // two written events per round: the new one and the shared-stream one
      assertEquals(Version.of(APPENDS_PER_THREAD),
          store.currentVersion(StreamId.of("own-" + t)));
    }
    assertEquals(Version.of((long) THREADS * APPENDS_PER_THREAD),
        store.currentVersion(StreamId.of("shared")));
  }

  /** Per round: a valid append, a version miss, an idempotent retry, a reused id, a shared append. */
  private void runMixedAppends(int thread) {
    StreamId own = StreamId.of("own-" + thread);
    StreamId shared = StreamId.of("shared");
    for (int round = 0; round < APPENDS_PER_THREAD; round++) {
      int i = round;
      EventData<TestEvent> event = EventData.<TestEvent>of(new TestEvent.Numbered(thread * 1000L + i));
      AppendResult written =
          store.append(own, ExpectedVersion.exactly(Version.of(i)), List.of(event));
      assertEquals(Version.of(i + 1L), written.version(own));

      WrongExpectedVersionException miss = assertThrows(WrongExpectedVersionException.class,
          () -> store.append(own, ExpectedVersion.exactly(Version.of(i)),
              List.of(EventData.of(new TestEvent.Numbered(-1)))));
      assertEquals(own, miss.stream());
      assertEquals(Version.of(i + 1L), miss.actual());

      AppendResult retried =
          store.append(own, ExpectedVersion.exactly(Version.of(i)), List.of(event));
      assertEquals(written, retried);

      EventData<TestEvent.Numbered> reused =
          EventData.of(new TestEvent.Numbered(-2)).withId(event.id());
      DuplicateEventIdException duplicate = assertThrows(DuplicateEventIdException.class,
          () -> store.append(StreamId.of("other-" + thread), ExpectedVersion.any(), List.of(reused)));
      assertEquals(event.id(), duplicate.eventId());

      AppendResult sharedWrite = store.append(shared, ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(thread))));
      assertTrue(sharedWrite.version(shared).value() >= 1);
    }
  }

  @Test
  void closingWhileAppendingFinishesOrFailsEveryAppend() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch running = new CountDownLatch(THREADS);
    List<Future<List<EventId>>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      StreamId stream = StreamId.of("closing-" + t);
      workers.add(pool.submit(() -> {
        List<EventId> written = new ArrayList<>();
        running.countDown();
        while (true) {
          EventData<TestEvent> event = EventData.<TestEvent>of(new TestEvent.Numbered(written.size()));
          try {
            store.append(stream, ExpectedVersion.exactly(Version.of(written.size())),
                List.of(event));
          } catch (IllegalStateException closed) {
            return written;
          }
          written.add(event.id());
        }
      }));
    }
    running.await();
    while (store.currentVersion(StreamId.of("closing-0")).value() < 3) {
      Thread.onSpinWait();
    }
    store.close();
    List<List<EventId>> results = new ArrayList<>();
    for (Future<List<EventId>> worker : workers) {
      results.add(worker.get(5, TimeUnit.MINUTES)); // a hang guard, not a speed check
    }
    pool.shutdown();
    store = db.store();
    for (int t = 0; t < THREADS; t++) {
      StreamId stream = StreamId.of("closing-" + t);
      List<EventId> stored = store.readStream(stream).stream().map(e -> e.id()).toList();
      if (!stored.equals(results.get(t))) {
        fail("stream " + stream + ": acknowledged " + results.get(t) + " but stored " + stored);
      }
    }
  }
}
