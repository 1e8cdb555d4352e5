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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sagas under faults, scaled to run in seconds: many sagas of three steps, step 2 refused for
 * about 30%, step 3 never answered for some, transient dispatch failures and lost
 * acknowledgements, every event delivered at least once and many twice or late, and a runner
 * restart in the middle.
 */
class SagaReliabilityTest {
  static final int SAGAS = 300;

  @Test
  void everyCompensationHappensExactlyOnceInEffectAndNoSagaOutlivesItsDeadline() {
    EventStore store = new InMemoryEventStore(SagaRunnerTest.TYPES);
    ManualClock clock = ManualClock.create();
    BookingServices services = new BookingServices(store, 19, 0.1);
    Random random = new Random(19);
    for (int i = 0; i < SAGAS; i++) {
      String key = "b" + i;
      double dice = random.nextDouble();
      if (dice < 0.3) {
        services.failStep2.add(key);
      } else if (dice < 0.4) {
        services.hangStep3.add(key);
      }
      store.append(StreamId.of("request", key), ExpectedVersion.noStream(),
          List.of(EventData.of(new Booking.Requested(key))));
    }

    SagaRunner<Booking.State> runner = newRunner(store, services, clock);
    List<RecordedEvent<?>> seen = new ArrayList<>();
    GlobalPosition delivered = GlobalPosition.START;
    for (int round = 0; round < 200; round++) {
      if (round == 20) {
        runner.close(); // a crash: the next runner knows only the store
        runner = newRunner(store, services, clock);
        runner.recover();
      }
      List<RecordedEvent<?>> page = store.readAll(delivered, 200);
      for (RecordedEvent<?> event : page) {
        runner.handle(event);
        if (random.nextDouble() < 0.3) {
          runner.handle(event); // an immediate duplicate
        }
        if (!seen.isEmpty() && random.nextDouble() < 0.3) {
          runner.handle(seen.get(random.nextInt(seen.size()))); // a late duplicate
        }
        seen.add(event);
        delivered = event.position();
      }
      runner.tick();
      if (round == 100) {
        clock.advance(Booking.DEADLINE.plus(Duration.ofSeconds(1)));
      }
    }
    assertEquals(List.of(), runner.openInstances(), "no saga stuck past its deadline");

    int compensated = 0;
    for (int i = 0; i < SAGAS; i++) {
      String key = "b" + i;
      SagaInstance<Booking.State> saga = runner.instance(key);
      assertTrue(saga.completed(), key + " completed");
      if (services.failStep2.contains(key)) {
        assertEffects(services, key, 1, 0, 0, 1, 0);
        compensated++;
      } else if (services.hangStep3.contains(key)) {
        assertEffects(services, key, 1, 1, 0, 1, 1);
        compensated++;
      } else {
        assertEffects(services, key, 1, 1, 1, 0, 0);
      }
    }
    assertTrue(compensated > SAGAS / 4, "compensations exercised: " + compensated);
    assertTrue(runner.stats().duplicates() > SAGAS / 2, "duplicates absorbed: " + runner.stats());
    assertTrue(runner.stats().dispatchFailures() > 0, "faults injected: " + runner.stats());
  }

  private static void assertEffects(
      BookingServices services, String key, int do1, int do2, int do3, int undo1, int undo2) {
    assertEquals(List.of(do1, do2, do3, undo1, undo2),
        List.of(services.effect(key, "do1"), services.effect(key, "do2"),
            services.effect(key, "do3"), services.effect(key, "undo1"),
            services.effect(key, "undo2")), key + ": do1..3, undo1..2");
  }

  private static SagaRunner<Booking.State> newRunner(
      EventStore store, BookingServices services, ManualClock clock) {
    return SagaRunner.builder(store, new Booking(), services).clock(clock).build();
  }
}
