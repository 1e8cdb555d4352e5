package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.append;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.RecordingObserver;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runner with an observer saves and commits checkpoints as one without, and tells the observer
 * of each with the number of events it covers, and of the lease taken and given back. Ticks and
 * checkpoint intervals are hourly, so only pause and stop save.
 */
class ObservedProjectionTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final RecordingObserver observer = new RecordingObserver();

  @AfterEach
  void closeStore() {
    store.close();
  }

  private ProjectionRunner runner() {
    return ProjectionRunner.builder(store, checkpoints).observer(observer)
        .tick(Duration.ofHours(1)).checkpointEvery(1_000, Duration.ofHours(1)).build();
  }

  @Test
  void aPlainProjectionsCheckpointIsSavedAndEachSaveReportedWithItsEvents() throws Exception {
    AppendResult written = append(store, "order", 10);
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("plain", event -> { }));
      runner.start("plain");
      eventually("10 handled", () -> runner.status("plain").handled() == 10);
      runner.pause("plain");
      assertEquals(written.lastPosition(), checkpoints.load("plain").position());
      runner.resume("plain");
      AppendResult more = append(store, "order", 3);
      eventually("13 handled", () -> runner.status("plain").handled() == 13);
      runner.stop("plain");
      assertEquals(more.lastPosition(), checkpoints.load("plain").position());
      assertEquals(List.of("projectionCommitted plain 10", "projectionCommitted plain 3"),
          observer.of("projectionCommitted"));
      assertEquals(List.of("leaseChanged plain true", "leaseChanged plain false"),
          observer.of("leaseChanged"));
    }
  }

  @Test
  void aTransactionalProjectionsCommitIsReportedWithTheEventsItCovers() throws Exception {
    BatchingLedger ledger = new BatchingLedger(checkpoints, Duration.ofHours(1), 0);
    GlobalPosition last = GlobalPosition.START;
    for (String text : List.of("a", "b", "c")) {
      last = store.append(StreamId.of("ledger", "1"), ExpectedVersion.any(),
          List.of(EventData.of(new ContractEvent.Noted(text)))).lastPosition();
    }
    try (ProjectionRunner runner = runner()) {
      runner.register(ledger);
      runner.start("ledger");
      eventually("3 handled", () -> runner.status("ledger").handled() == 3);
      runner.pause("ledger");
      assertEquals(List.of("a", "b", "c"), ledger.committed);
      assertEquals(last, checkpoints.load("ledger").position());
      assertEquals(List.of("projectionCommitted ledger 3"), observer.of("projectionCommitted"));
    }
  }
}
