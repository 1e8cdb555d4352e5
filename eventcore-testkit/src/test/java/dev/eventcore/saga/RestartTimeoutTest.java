package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A runner started again over a quiet store fires the timeouts that came due: it counts the
 * events up to its projection's checkpoint as handled, without waiting for a new event.
 */
class RestartTimeoutTest {
  final EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
  final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  final ManualClock clock = ManualClock.create();
  /** Takes every command and does nothing: the booking waits for its deadline. */
  final CommandDispatcher silent = command -> CommandDispatcher.Outcome.accepted();

  @Test
  void aDueTimeoutFiresAfterARestartWithNoNewEvent() throws Exception {
    SagaHarness.request(store, "b1");
    run(runner -> assertEquals(0, runner.stats().timeoutsFired(), "nothing is due yet"));
    GlobalPosition quiet = head();

    clock.advance(Booking.DEADLINE.plusSeconds(1));
    run(runner -> {
      assertEquals(quiet, head(), "no event came in between");
      assertTrue(runner.tick() >= 1, "the due timeout fired");
      assertEquals(1, runner.stats().timeoutsFired());
    });
    assertTrue(SagaHarness.payloads(store, StreamId.of("saga_booking", "b1")).stream()
        .anyMatch(Booking.Compensated.class::isInstance));
  }

  interface Check {
    void on(SagaRunner<Booking.State> runner) throws Exception;
  }

  /** One process's life: a saga runner fed by a projection runner, until caught up. */
  private void run(Check check) throws Exception {
    try (SagaRunner<Booking.State> runner =
            SagaRunner.builder(store, new Booking(), silent).clock(clock).build();
        ProjectionRunner projections = ProjectionRunner.builder(store, checkpoints)
            .tick(Duration.ofMillis(20)).build()) {
      projections.register(runner.projection());
      projections.startAll();
      assertTrue(projections.awaitPosition(runner.projection().name(), head(),
          Duration.ofSeconds(10)));
      runner.recover();
      check.on(runner);
    }
  }

  private GlobalPosition head() {
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 10_000);
    return all.get(all.size() - 1).position();
  }
}
