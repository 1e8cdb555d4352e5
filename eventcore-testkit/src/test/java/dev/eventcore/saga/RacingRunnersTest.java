package dev.eventcore.saga;

import dev.eventcore.testkit.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two runners (two processes' worth) handle the same events at the same time. */
class RacingRunnersTest {
  static final int SAGAS = 100;

  @Test
  void twoRunnersRacingOnTheSameTriggersTakeEachStepOnce() throws Exception {
    EventStore store = new InMemoryEventStore(SagaRunnerTest.TYPES);
    ManualClock clock = ManualClock.create();
    BookingServices services = new BookingServices(store, 5, 0.0);
    CommandDispatcher shared = command -> {
      synchronized (services) {
        return services.dispatch(command);
      }
    };
    List<SagaRunner<Booking.State>> runners = List.of(
        SagaRunner.builder(store, new Booking(), shared).clock(clock).build(),
        SagaRunner.builder(store, new Booking(), shared).clock(clock).build());
    for (int i = 0; i < SAGAS; i++) {
      store.append(StreamId.of("request", "b" + i), ExpectedVersion.noStream(),
          List.of(EventData.of(new Booking.Requested("b" + i))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      GlobalPosition delivered = GlobalPosition.START;
      List<RecordedEvent<?>> page;
      while (!(page = store.readAll(delivered, 50)).isEmpty()) {
        List<RecordedEvent<?>> batch = page;
        Future<?> first = pool.submit(() -> batch.forEach(runners.get(0)::handle));
        Future<?> second = pool.submit(() -> batch.forEach(runners.get(1)::handle));
        first.get();
        second.get();
        delivered = page.get(page.size() - 1).position();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < SAGAS; i++) {
      String key = "b" + i;
      assertTrue(runners.get(0).instance(key).completed(), key);
      assertEquals(List.of(1, 1, 1), List.of(services.effect(key, "do1"),
          services.effect(key, "do2"), services.effect(key, "do3")), key);
    }
    long stored = 0;
    for (int i = 0; i < SAGAS; i++) {
      for (RecordedEvent<?> event : store.readStream(runners.get(0).instance("b" + i).stream())) {
        stored += event.payload() instanceof SagaEvent.StepTaken ? 1 : 0;
      }
    }
    assertEquals(SAGAS * 4L, stored, "request + three answers per saga, each recorded once");
  }
}
