package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link TransactionalProjection} whose batch fails commits the events before the one at fault
 * and asks for the rest again ({@link TransactionalProjection#redeliveryNeeded()}): the runner
 * resubscribes from the stored checkpoint, the event at fault comes alone to the error policy (here
 * dead-lettered), and every other event is committed once. The runner's tick is hourly: only the
 * projection's own signals drive it.
 */
class TransactionalRedeliveryTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofHours(1)).build();
  }

  private List<GlobalPosition> write(String... texts) {
    return java.util.Arrays.stream(texts).map(text -> store.append(StreamId.of("ledger", "1"),
        ExpectedVersion.any(), List.of(EventData.of(new ContractEvent.Noted(text))))
        .lastPosition()).toList();
  }

  @Test
  void aBatchFailingAtTheRunnersCommitIsDeliveredAgainAndOnlyItsFaultyEventDeadLettered()
      throws Exception {
    BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ofMillis(200), 0);
    ledger.poison.add("b");
    List<GlobalPosition> written = write("a", "b", "c", "d");
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      assertTrue(runner.awaitPosition("ledger", written.get(3), WAIT));
      assertEquals(List.of("a", "c", "d"), ledger.committed, "each good event committed once");
      assertEquals(List.of(written.get(1)),
          deadLetters.list("ledger").stream().map(DeadLetter::position).toList());
      assertEquals(written.get(3), checkpoints.load("ledger").position());
      assertEquals(ProjectionState.RUNNING, runner.status("ledger").state());
      assertEquals(1, runner.status("ledger").deadLettered());
      assertTrue(ledger.opens.get() >= 2, "opened again to take the events set aside");
    }
  }

  @Test
  void aFullBatchFailingOnTheHandlersThreadIsDeliveredAgainWithoutWaitingForATick()
      throws Exception {
    // commits only full batches of 4 (the runner's own commit would come an hour later)
    BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ofHours(1), 4);
    ledger.poison.add("b");
    List<GlobalPosition> written = write("a", "b", "c", "d", "e", "f");
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      // a, b, c, d fail as a batch at b: a is committed, the rest set aside and delivered again;
      // b alone is dead-lettered, and c, d, e, f make the next full batch
      assertTrue(runner.awaitPosition("ledger", written.get(5), WAIT));
      assertEquals(List.of("a", "c", "d", "e", "f"), ledger.committed);
      assertEquals(List.of(written.get(1)),
          deadLetters.list("ledger").stream().map(DeadLetter::position).toList());
      assertEquals(written.get(5), checkpoints.load("ledger").position());
      assertEquals(written.get(5), runner.status("ledger").position());
    }
  }

  @Test
  void aStoppedProjectionsDeadLetterIsReplayedInATransactionOfItsOwnThatIsThenReleased()
      throws Exception {
    BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ZERO, 0);
    ledger.poison.add("b");
    List<GlobalPosition> written = write("a", "b", "c");
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      assertTrue(runner.awaitPosition("ledger", written.get(2), WAIT));
      runner.stop("ledger");
      assertEquals(List.of("a", "c"), ledger.committed);
      assertTrue(!ledger.isOpen(), "stopping released the transaction");

      ledger.poison.clear();
      ReplayResult result = runner.replayDeadLetters("ledger");
      assertEquals(1, result.replayed().size());
      assertEquals(List.of("a", "c", "b"), ledger.committed, "committed by the replay");
      assertEquals(List.of(), deadLetters.list("ledger"));
      assertEquals(written.get(2), checkpoints.load("ledger").position(), "the position stays");
      assertTrue(!ledger.isOpen(), "the replay's transaction was released");
      assertEquals(ProjectionState.STOPPED, runner.status("ledger").state());
    }
  }
}
