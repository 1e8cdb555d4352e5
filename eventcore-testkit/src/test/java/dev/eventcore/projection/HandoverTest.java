package dev.eventcore.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The catch-up to live handover under concurrent writers; the delivered sequence is the log. */
class HandoverTest {
  private static final int HISTORY = 50_000;
  private static final int WRITERS = 4;
  private static final int PER_WRITER = 12_500;

  @Test
  void projectionsStartedDuringWritesDeliverExactlyTheLogOver100kEvents() throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore();
        ProjectionRunner runner =
            ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      for (int i = 0; i < HISTORY; i += 100) {
        List<EventData<?>> batch = new ArrayList<>();
        for (int j = 0; j < 100; j++) {
          batch.add(EventData.of(new ContractEvent.Numbered("history", i + j)));
        }
        store.append(StreamId.of(i % 200 == 0 ? "order" : "user", "h" + (i % 7)),
            ExpectedVersion.any(), batch);
      }
      List<RecordedEvent<?>> all = new CopyOnWriteArrayList<>();
      List<RecordedEvent<?>> orders = new CopyOnWriteArrayList<>();
      runner.register(Projection.of("everything", all::add));
      runner.register(Projection.of("orders", EventFilter.categories("order"), orders::add));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String writer = "w" + w;
        Thread thread = new Thread(() -> {
          for (int i = 0; i < PER_WRITER; i++) {
            StreamId stream = StreamId.of(i % 3 == 0 ? "order" : "user", writer + "-" + (i % 10));
            store.append(stream, ExpectedVersion.any(),
                List.of(EventData.of(new ContractEvent.Numbered(writer, i))));
          }
        });
        writers.add(thread);
        thread.start();
      }
      runner.startAll(); // catch-up starts while the writers append: the handover is under load
      for (Thread thread : writers) {
        thread.join(TimeUnit.SECONDS.toMillis(120));
      }
      List<RecordedEvent<?>> log = new ArrayList<>();
      GlobalPosition after = GlobalPosition.START;
      while (true) {
        List<RecordedEvent<?>> page = store.readAll(after, 10_000);
        if (page.isEmpty()) {
          break;
        }
        log.addAll(page);
        after = page.get(page.size() - 1).position();
      }
      assertEquals(HISTORY + WRITERS * PER_WRITER, log.size());
      assertTrue(runner.awaitPosition("everything", after, Duration.ofSeconds(60)));
      assertTrue(runner.awaitPosition("orders", after, Duration.ofSeconds(60)));
      assertEquals(log, all, "no gap, no duplicate at the handover");
      assertEquals(log.stream().filter(EventFilter.categories("order")::matches).toList(), orders);
      assertEquals(0, runner.status("everything").lagEvents());
      assertEquals(0, runner.status("orders").lagEvents());
    }
  }
}
