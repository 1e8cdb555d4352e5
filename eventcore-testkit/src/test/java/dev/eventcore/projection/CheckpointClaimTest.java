package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claiming the checkpoint when the lease is granted: the claim is retried while an older holder
 * writes in between, up to ten attempts; then the instance waits on standby with the error.
 */
class CheckpointClaimTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aClaimRacedByAnOlderHolderIsRetriedUntilItHolds() throws Exception {
    RacedCheckpoints checkpoints = new RacedCheckpoints(9);
    AppendResult written = append(store, "order", 4);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofHours(1)).build()) {
      runner.register(Projection.of("claimed", seen::add));
      runner.start("claimed");
      assertEquals(ProjectionState.RUNNING, runner.status("claimed").state());
      assertEquals(10, checkpoints.saves.get(), "nine raced attempts, then the claim");
      assertEquals(1, checkpoints.load("claimed").fencingToken());
      assertTrue(runner.awaitPosition("claimed", written.lastPosition(), WAIT));
      assertEquals(4, seen.size());
    }
  }

  @Test
  void aClaimRacedTenTimesGivesUpAndWaitsOnStandby() throws Exception {
    RacedCheckpoints checkpoints = new RacedCheckpoints(Integer.MAX_VALUE);
    ProjectionLease lease = ProjectionLease.inProcess();
    append(store, "order", 4);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).lease(lease)
        .tick(Duration.ofHours(1)).build()) {
      runner.register(Projection.of("claimed", seen::add));
      runner.start("claimed");
      ProjectionStatus status = runner.status("claimed");
      assertEquals(ProjectionState.STANDBY, status.state());
      assertEquals(10, checkpoints.saves.get(), "ten attempts, no more");
      assertTrue(status.lastError().orElseThrow().message().contains("taken over"),
          status.lastError().toString());
      assertEquals(List.of(), seen);
      assertTrue(lease.tryAcquire("claimed", "another").isPresent(), "the lease was given back");
    }
  }

  /**
   * Checkpoints whose first {@code raced} saves are rejected as an older holder's write that came
   * in between (the stored checkpoint itself is unchanged).
   */
  private static final class RacedCheckpoints implements CheckpointStore {
    private final InMemoryCheckpointStore delegate = new InMemoryCheckpointStore();
    private final int raced;
    final AtomicInteger saves = new AtomicInteger();

    RacedCheckpoints(int raced) {
      this.raced = raced;
    }

    @Override
    public Checkpoint load(String projection) {
      return delegate.load(projection);
    }

    @Override
    public Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken) {
      if (saves.incrementAndGet() <= raced) {
        Checkpoint older = new Checkpoint(expected.projection(), expected.position(),
            expected.revision() + 1, expected.fencingToken());
        throw new StaleCheckpointException(expected, older, fencingToken);
      }
      return delegate.save(expected, position, fencingToken);
    }
  }
}
