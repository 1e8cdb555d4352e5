package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The catch-up to live handover at the projection level on PostgreSQL: a {@link JdbcProjection} and a plain projection with
 * a {@link PostgresCheckpointStore}, started while writers append, over 100,000 events, each see
 * every event exactly once in log order across the catch-up to live handover.
 */
class ProjectionHandoverTest extends CounterProjectionTest {
  private static final int HISTORY = 50_000;
  private static final int HISTORY_BATCH = 500;
  private static final int WRITERS = 4;
  private static final int APPENDS_PER_WRITER = 500;
  private static final int EVENTS_PER_APPEND = 25;
  private static final int STREAMS = 40;
  private static final int CAP = 200;

  @Test
  void projectionsStartedDuringWritesSeeEveryEventOnceInOrderOver100kEvents() throws Exception {
    for (int i = 0; i < HISTORY; i += HISTORY_BATCH) {
      List<EventData<TestEvent.Numbered>> batch = new ArrayList<>();
      for (int j = 0; j < HISTORY_BATCH; j++) {
        batch.add(EventData.of(new TestEvent.Numbered(i + j)));
      }
      store.append(stream(i / HISTORY_BATCH), ExpectedVersion.any(), batch);
    }
    List<GlobalPosition> plain = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> plainCounts = new ConcurrentHashMap<>();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    try (ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(10)).build()) {
      runner.register(model.projection(store, CAP));
      runner.register(Projection.of("plain", event -> {
        plain.add(event.position());
        plainCounts.merge(event.streamId().value(), 1L, Long::sum);
      }));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; i < APPENDS_PER_WRITER; i++) {
              List<EventData<TestEvent.Numbered>> events = new ArrayList<>();
              for (int j = 0; j < EVENTS_PER_APPEND; j++) {
                events.add(EventData.of(new TestEvent.Numbered(j)));
              }
              store.append(stream(writer * 7 + i), ExpectedVersion.any(), events);
            }
          } catch (Throwable e) {
            writerFailure.set(e);
          }
        }, "r11-writer-" + w);
        writers.add(thread);
        thread.start();
      }
      runner.startAll(); // the catch-up starts while the writers append: the handover is under load
      for (Thread thread : writers) {
        thread.join();
      }
      assertNull(writerFailure.get(), "writers failed");

      List<RecordedEvent<?>> log = new ArrayList<>();
      GlobalPosition after = GlobalPosition.START;
      for (List<RecordedEvent<?>> page = store.readAll(after, 10_000); !page.isEmpty();
          page = store.readAll(after, 10_000)) {
        log.addAll(page);
        after = page.get(page.size() - 1).position();
      }
      assertEquals(HISTORY + WRITERS * APPENDS_PER_WRITER * EVENTS_PER_APPEND, log.size());
      Duration wait = Duration.ofSeconds(60);
      assertTrue(runner.awaitPosition(CounterReadModel.NAME, after, wait),
          "caught up: " + runner.status(CounterReadModel.NAME));
      assertTrue(runner.awaitPosition("plain", after, wait), "caught up: " + runner.status("plain"));

      List<GlobalPosition> positions = log.stream().map(RecordedEvent::position).toList();
      Map<String, Long> expected = counts(log);
      assertEquals(positions, List.copyOf(plain), "plain: every position once, in order");
      assertEquals(expected, plainCounts);
      assertEquals(positions, List.copyOf(model.handled), "jdbc: every position once, in order");
      assertEquals(expected, model.counts(), "the read model equals the event counts exactly");
      assertEquals(after, model.storedCheckpoint(store));
      runner.stop("plain"); // saves where it got to
      assertEquals(after, PostgresCheckpointStore.of(store).load("plain").position());
      int largest = model.eventsPerTransaction.values().stream().mapToInt(n -> n).max().orElse(0);
      assertEquals(CAP, largest, "batches fill up to the cap during catch-up, never beyond it");
    }
  }

  private static StreamId stream(int i) {
    return StreamId.of("counter", Integer.toString(i % STREAMS));
  }

  private static Map<String, Long> counts(List<RecordedEvent<?>> events) {
    Map<String, Long> counts = new HashMap<>();
    for (RecordedEvent<?> event : events) {
      counts.merge(event.streamId().value(), 1L, Long::sum);
    }
    return counts;
  }
}
