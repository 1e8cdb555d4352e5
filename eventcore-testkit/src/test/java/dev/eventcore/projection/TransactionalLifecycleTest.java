package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How pause, resume and rebuild drive a {@link TransactionalProjection}: pausing commits and
 * releases its transaction, a commit that fails on the way leaves it paused with nothing lost, one
 * fenced out stands it down, and a rebuild whose reset cannot be committed fails it with nothing
 * reset. Its commit delay is an hour and the runner's tick too, so only these operations commit.
 */
class TransactionalLifecycleTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ofHours(1), 0);

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .tick(Duration.ofHours(1)).build();
    runner.register(ledger);
    return runner;
  }

  private List<GlobalPosition> write(String... texts) {
    return Arrays.stream(texts).map(text -> store.append(StreamId.of("ledger", "1"),
        ExpectedVersion.any(), List.of(EventData.of(new ContractEvent.Noted(text))))
        .lastPosition()).toList();
  }

  /** Starts the ledger and waits until it handled (not committed) {@code count} events. */
  private void startAndHandle(ProjectionRunner runner, int count) throws InterruptedException {
    runner.start("ledger");
    eventually(count + " events handled", () -> runner.status("ledger").handled() >= count);
  }

  @Test
  void pausingCommitsAndReleasesTheTransactionAndResumingOpensANewOne() throws Exception {
    List<GlobalPosition> written = write("a", "b");
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      assertEquals(List.of(), ledger.committed, "nothing is due within the hour");
      runner.pause("ledger");
      assertEquals(ProjectionState.PAUSED, runner.status("ledger").state());
      assertEquals(List.of("a", "b"), ledger.committed);
      assertEquals(written.get(1), checkpoints.load("ledger").position());
      assertFalse(ledger.isOpen(), "a paused projection holds no transaction");

      runner.resume("ledger");
      assertTrue(ledger.isOpen());
      GlobalPosition c = write("c").get(0);
      eventually("c handled", () -> runner.status("ledger").handled() >= 3);
      runner.stop("ledger");
      assertEquals(List.of("a", "b", "c"), ledger.committed);
      assertEquals(c, checkpoints.load("ledger").position());
      assertFalse(ledger.isOpen());
    }
  }

  @Test
  void aCommitFailingWhilePausingLeavesItPausedAndResumingHandlesTheEventsAgain()
      throws Exception {
    List<GlobalPosition> written = write("a", "b");
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      ledger.failures.set(1);
      runner.pause("ledger");
      ProjectionStatus paused = runner.status("ledger");
      assertEquals(ProjectionState.PAUSED, paused.state());
      assertTrue(paused.lastError().orElseThrow().message().contains("commit failed, rolled back"),
          paused.lastError().toString());
      assertEquals(List.of(), ledger.committed, "rolled back");
      assertEquals(GlobalPosition.START, checkpoints.load("ledger").position());

      runner.resume("ledger");
      eventually("a and b handled again", () -> runner.status("ledger").handled() >= 4);
      runner.stop("ledger");
      assertEquals(List.of("a", "b"), ledger.committed, "each committed once");
      assertEquals(written.get(1), checkpoints.load("ledger").position());
    }
  }

  @Test
  void aCommitFencedOutWhilePausingStandsTheInstanceDownInsteadOfPausingIt() throws Exception {
    write("a", "b");
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      ledger.fenced.set(1);
      runner.pause("ledger");
      // the lease is given up; here it is free, so the instance may take it again at once
      assertNotEquals(ProjectionState.PAUSED, runner.status("ledger").state());
      assertTrue(runner.status("ledger").lastError().orElseThrow().message()
          .contains("not saved"), runner.status("ledger").lastError().toString());
      assertEquals(List.of(), ledger.committed);
    }
  }

  @Test
  void aRebuildWhoseResetCannotBeCommittedFailsTheProjectionWithNothingReset()
      throws Exception {
    List<GlobalPosition> written = write("a", "b");
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      ledger.onReset = true;
      ledger.failures.set(1);
      ProjectionFailedException failed =
          assertThrows(ProjectionFailedException.class, () -> runner.rebuild("ledger"));
      assertTrue(failed.error().message().contains("committing its reset before a rebuild failed"),
          failed.error().message());
      ProjectionStatus status = runner.status("ledger");
      assertEquals(ProjectionState.FAILED, status.state());
      assertEquals(failed.error(), status.lastError().orElseThrow());
      assertEquals(List.of("a", "b"), ledger.committed, "committed before the rebuild, kept");
      assertEquals(written.get(1), checkpoints.load("ledger").position());
    }
  }

  @Test
  void aRebuildWhoseResetIsFencedOutIsRefused() throws Exception {
    write("a", "b");
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      runner.pause("ledger"); // commits a and b
      ledger.fenced.set(1);
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> runner.rebuild("ledger"));
      assertEquals("projection ledger lost its lease while resetting its checkpoint; not rebuilt",
          refused.getMessage());
      assertEquals(List.of("a", "b"), ledger.committed);
    }
  }

  @Test
  void aPausedProjectionCanBeRebuilt() throws Exception {
    GlobalPosition last = write("a", "b").get(1);
    try (ProjectionRunner runner = runner()) {
      startAndHandle(runner, 2);
      runner.pause("ledger");
      runner.rebuild("ledger");
      // the rebuild ends at a tick, an hour away: stopping commits what it replayed so far
      eventually("a and b handled again", () -> runner.status("ledger").handled() >= 4);
      runner.stop("ledger");
      assertEquals(List.of("a", "b"), ledger.committed, "cleared, then replayed once");
      assertEquals(last, checkpoints.load("ledger").position());
    }
  }

  @Test
  void aRestartThatCannotLoadTheCheckpointIsRetriedAtTheNextTick() throws Exception {
    AtomicInteger loadFailures = new AtomicInteger();
    CheckpointStore flaky = new CheckpointStore() {
      @Override
      public Checkpoint load(String projection) {
        if (loadFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new IllegalStateException("checkpoints unavailable");
        }
        return checkpoints.load(projection);
      }

      @Override
      public Checkpoint save(Checkpoint expected, GlobalPosition position, long fencingToken) {
        return checkpoints.save(expected, position, fencingToken);
      }
    };
    // the commit delay is an hour: the ledger commits at each full tick
    try (ProjectionRunner runner = ProjectionRunner.builder(store, flaky)
        .tick(Duration.ofMillis(20)).build()) {
      runner.register(ledger);
      runner.start("ledger");
      write("a", "b");
      eventually("a and b committed", () -> ledger.committed.size() == 2);
      ledger.failures.set(1); // the next commit fails: the ledger restarts from what is stored,
      loadFailures.set(1); // which cannot be loaded the first time
      GlobalPosition c = write("c").get(0);
      eventually("c committed", () -> ledger.committed.size() == 3);
      assertEquals(List.of("a", "b", "c"), ledger.committed);
      assertEquals(c, checkpoints.load("ledger").position());
      ProjectionStatus status = runner.status("ledger");
      assertEquals(ProjectionState.RUNNING, status.state());
      assertEquals("projection ledger: java.lang.IllegalStateException: checkpoints unavailable",
          status.lastError().orElseThrow().message());
    }
  }
}
