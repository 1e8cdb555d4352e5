package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The append paths rely on READ COMMITTED (a fresh snapshot per statement). A server whose default
 * isolation is SERIALIZABLE would make a conflicting direct INSERT fail with a serialization error
 * instead of falling back to append_batch; the owned pool sets READ COMMITTED on its connections.
 */
class IsolationLevelTest {

  @Test
  void racingAnyAppendsAllSucceedWhenTheServerDefaultIsSerializable() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema()) {
      String url = PostgresTestDatabase.jdbcUrl()
          + (PostgresTestDatabase.jdbcUrl().contains("?") ? "&" : "?")
          + "options=-c%20default_transaction_isolation=serializable";
      try (PostgresEventStore store = db.builder().jdbcUrl(url).groupCommit(false).build()) {
        StreamId stream = StreamId.of("hot-serializable");
        int threads = 8;
        int appends = 40;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int writer = t;
          writers.add(new Thread(() -> {
            try {
              start.await();
              for (int i = 0; i < appends; i++) {
                store.append(stream, ExpectedVersion.any(),
                    List.of(EventData.of(new TestEvent.Numbered(writer * 1_000L + i))));
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          }));
        }
        writers.forEach(Thread::start);
        start.countDown();
        for (Thread writer : writers) {
          writer.join();
        }
        assertEquals(List.of(), new ArrayList<>(failures), "every any() append succeeds");
        List<RecordedEvent<?>> events = store.readStream(stream);
        assertEquals(threads * appends, events.size());
        for (int v = 0; v < events.size(); v++) {
          assertEquals(v + 1, events.get(v).version().value());
        }
      }
    }
  }
}
