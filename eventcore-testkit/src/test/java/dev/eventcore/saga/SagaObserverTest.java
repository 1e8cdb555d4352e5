package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.RecordingObserver;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a saga runner tells its observer: steps, dispatches, compensations, timeouts. */
class SagaObserverTest {
  private final EventStore store = new InMemoryEventStore(SagaRunnerTest.TYPES);
  private final ManualClock clock = ManualClock.create();
  private final BookingServices services = new BookingServices(store, 1, 0.0);
  private final RecordingObserver observer = new RecordingObserver();
  private final SagaRunner<Booking.State> runner = SagaRunner.builder(store, new Booking(), services)
      .clock(clock).observer(observer).build();
  private GlobalPosition delivered = GlobalPosition.START;

  private void request(String key) {
    store.append(StreamId.of("request", key), ExpectedVersion.noStream(),
        List.of(EventData.of(new Booking.Requested(key))));
  }

  private void deliver() {
    List<RecordedEvent<?>> page;
    while (!(page = store.readAll(delivered, 1_000)).isEmpty()) {
      for (RecordedEvent<?> event : page) {
        runner.handle(event);
        delivered = event.position();
      }
    }
  }

  @Test
  void aBookingsStepsAndDispatchesAreReportedOnceEach() {
    request("b1");
    deliver();

    SagaStats stats = runner.stats();
    assertEquals(stats.steps(), observer.of("sagaStep booking").size());
    assertEquals(stats.commandsDispatched(), observer.of("sagaDispatched booking false").size());
    assertEquals(List.of(), observer.of("sagaCompensated"));
    assertTrue(stats.steps() >= 3);
  }

  @Test
  void aRefusedCommandIsReportedAndSoIsTheStepThatCompensates() {
    services.failStep2.add("b1");
    request("b1");
    deliver();

    assertEquals(List.of("sagaDispatched booking true"), observer.of("sagaDispatched booking true"));
    assertEquals(List.of("sagaCompensated booking"), observer.of("sagaCompensated"));
  }

  @Test
  void aFiredTimeoutIsReported() {
    services.hangStep3.add("b1");
    request("b1");
    deliver();
    clock.advance(Booking.DEADLINE);
    runner.tick();

    assertEquals(List.of("sagaTimeoutFired booking"), observer.of("sagaTimeoutFired"));
    assertEquals(1, runner.stats().timeoutsFired());
  }
}
