package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A projection that holds handled events back ({@link Projection#settledUpTo}) is never saved,
 * reported or waited for past what it settled: a crash then delivers what it held again.
 */
class SettledPositionTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

  /** Handles everything; settles nothing after {@link #pin} while it is set. */
  static final class Holding implements Projection {
    volatile @Nullable GlobalPosition pin;

    @Override
    public String name() {
      return "holding";
    }

    @Override
    public void handle(RecordedEvent<?> event) {}

    @Override
    public GlobalPosition settledUpTo(GlobalPosition handled) {
      GlobalPosition pinned = pin;
      return pinned == null ? handled : pinned;
    }
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void checkpointsPositionsAndWaitsStopAtWhatTheProjectionSettled() throws Exception {
    GlobalPosition third = append(store, "order", 3).lastPosition();
    GlobalPosition end = append(store, "order", 7).lastPosition();
    Holding holding = new Holding();
    holding.pin = third;
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).checkpointEvery(1, Duration.ofMillis(10)).build()) {
      runner.register(holding);
      runner.start("holding");
      eventually("the settled position saved", () -> checkpoints.load("holding").position()
          .equals(third));
      assertFalse(runner.awaitPosition("holding", end, Duration.ofMillis(200)),
          "a wait for the end is not served by events held back");
      assertEquals(third, runner.status("holding").position());
      runner.stop("holding");
      assertEquals(third, checkpoints.load("holding").position(), "stop saves what settled");
      holding.pin = null;
      runner.start("holding");
      assertTrue(runner.awaitPosition("holding", end, WAIT));
      runner.stop("holding");
      assertEquals(end, checkpoints.load("holding").position());
    }
  }

  @Test
  void aSettledPositionPastWhatWasHandledIsNotBelieved() throws Exception {
    GlobalPosition end = append(store, "order", 5).lastPosition();
    Holding holding = new Holding();
    holding.pin = GlobalPosition.of(end.value() + 1_000);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofMillis(5)).build()) {
      runner.register(holding);
      runner.start("holding");
      assertTrue(runner.awaitPosition("holding", end, WAIT));
      runner.stop("holding");
      assertEquals(end, checkpoints.load("holding").position());
    }
  }
}
