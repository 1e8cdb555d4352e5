package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.projection.ProjectionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once: a JDBC projection, with a per-event or a batch handler, applies each event exactly once
 * although handlers fail after their write (a batch then splits at the event at fault),
 * transactions are killed before their commit and the projector is stopped and restarted at
 * random moments while writers append.
 */
class ExactlyOnceProjectionTest extends CounterProjectionTest {
  private static final int WRITERS = 2;
  private static final int EVENTS_PER_WRITER = 1500;
  private static final int STREAMS = 40;

  @ParameterizedTest(name = "batch handler: {0}")
  @ValueSource(booleans = {false, true})
  void readModelCountersEqualEventCountsDespiteInjectedFailuresKillsAndRestarts(boolean batched)
      throws Exception {
    AtomicLong written = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Thread writer = new Thread(() -> {
        Random random = new Random();
        for (int i = 0; i < EVENTS_PER_WRITER; i++) {
          StreamId stream = StreamId.of("counter", Integer.toString(random.nextInt(STREAMS)));
          // the killer may hit a pooled connection this writer reuses: retry with the same ids,
          // which is idempotent, so every event is written exactly once
          List<EventData<TestEvent.Numbered>> events =
              List.of(EventData.of(new TestEvent.Numbered(i)));
          for (int attempt = 1; ; attempt++) {
            try {
              store.append(stream, ExpectedVersion.any(), events);
              break;
            } catch (dev.eventcore.TransientStoreException e) {
              if (attempt == 10) {
                throw e;
              }
            }
          }
          written.incrementAndGet();
        }
      });
      writer.start();
      writers.add(writer);
    }
    model.inject.set(true);
    int cycles = 0;
    int kills = 0;
    while (writers.stream().anyMatch(Thread::isAlive) || cycles < 6) {
      cycles++;
      ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(5)).build();
      runner.register(projection(batched));
      runner.start(CounterReadModel.NAME);
      long runFor = ThreadLocalRandom.current().nextLong(50, 400);
      long until = System.nanoTime() + Duration.ofMillis(runFor).toNanos();
      while (System.nanoTime() < until) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 60));
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
          model.killTransaction(); // a crash before the commit, while it runs
          kills++;
        }
      }
      if (ThreadLocalRandom.current().nextBoolean()) {
        model.killTransaction(); // killed: the pending batch dies with its transaction
        kills++;
      }
      runner.stop(CounterReadModel.NAME);
      assertEquals(ProjectionState.STOPPED, runner.status(CounterReadModel.NAME).state());
      runner.close();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    model.inject.set(false);

    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1_000_000);
    assertEquals(WRITERS * EVENTS_PER_WRITER, all.size());
    GlobalPosition last = all.get(all.size() - 1).position();
    try (ProjectionRunner runner = CounterReadModel.runner(store, Duration.ofSeconds(5)).build()) {
      runner.register(projection(batched));
      runner.start(CounterReadModel.NAME);
      assertTrue(runner.awaitPosition(CounterReadModel.NAME, last, Duration.ofSeconds(60)),
          "caught up: " + runner.status(CounterReadModel.NAME));
      assertEquals(CounterReadModel.expectedCounts(all), model.counts(),
          "counts equal event counts exactly");
      assertEquals(last, model.storedCheckpoint(store), "checkpoint is the last applied position");
      assertTrue(model.injected.get() > 0, "failures were injected");
      assertTrue(kills > 0, "transactions were killed");

      runner.rebuild(CounterReadModel.NAME); // reset and checkpoint START in one transaction
      assertTrue(runner.awaitPosition(CounterReadModel.NAME, last, Duration.ofSeconds(60)));
      assertEquals(CounterReadModel.expectedCounts(all), model.counts(),
          "a rebuild counts every event once");
      assertEquals(last, model.storedCheckpoint(store));
    }
    assertEquals(1, model.maxConcurrent.get(), "one handler at a time");
  }

  private JdbcProjection projection(boolean batched) {
    return batched
        ? model.batchProjection(store, JdbcProjection.DEFAULT_MAX_BATCH,
            JdbcProjection.DEFAULT_MAX_DELAY)
        : model.projection(store);
  }
}
