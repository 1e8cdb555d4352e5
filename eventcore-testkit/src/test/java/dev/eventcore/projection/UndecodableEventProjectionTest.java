package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.RecordingObserver;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.PlacedV1;
import dev.eventcore.testkit.contract.UpcastEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stored event that cannot be decoded (its upcaster throws) reaches a projection's error policy
 * raw: dead-lettered with its raw envelope and counted, or the projection stops at its position.
 */
class UndecodableEventProjectionTest {
  private static final StreamId ORDER = StreamId.of("order-1");

  private final InMemoryEventStore old = new InMemoryEventStore(UpcastEvents.before());
  private final InMemoryEventStore store = old.withEventTypes(UpcastEvents.after());
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final List<Object> applied = new CopyOnWriteArrayList<>();
  private final RecordingObserver observer = new RecordingObserver();
  private GlobalPosition poison;
  private GlobalPosition last;

  @AfterEach
  void closeStores() {
    store.close();
    old.close();
  }

  /** o1, the poison event (an amount its upcaster cannot parse), then o3 and o4. */
  private void writeLog() {
    old.append(ORDER, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1"))));
    poison = old.append(ORDER, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new PlacedV1("o2", "not-a-number")))).lastPosition();
    store.append(ORDER, ExpectedVersion.exactly(Version.of(2)),
        List.of(EventData.of(new Placed("o3", 3))));
    AppendResult written = store.append(StreamId.of("order-2"), ExpectedVersion.noStream(),
        List.of(EventData.of(new Placed("o4", 4))));
    last = written.lastPosition();
  }

  private ProjectionRunner runner(ErrorPolicy policy) {
    return ProjectionRunner.builder(store, checkpoints).errorPolicy(policy)
        .tick(Duration.ofMillis(5)).observer(observer).build();
  }

  private Projection totals() {
    return Projection.of("totals", (RecordedEvent<?> event) -> applied.add(event.payload()));
  }

  @Test
  void aDeadLetterPolicyRecordsTheRawEnvelopeAndAppliesEveryOtherEvent() throws Exception {
    writeLog();
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    try (ProjectionRunner runner =
        runner(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))) {
      runner.register(totals());
      runner.start("totals");
      assertTrue(runner.awaitPosition("totals", last, WAIT));
      assertEquals(List.of("undecodable totals"), observer.of("undecodable"), "in view");
      assertEquals(List.of("deadLettered totals"), observer.of("deadLettered"));
      assertEquals(List.of(new Placed("o1", 0), new Placed("o3", 3), new Placed("o4", 4)), applied,
          "every other event, and never the raw one");
      List<DeadLetter> letters = deadLetters.list("totals");
      assertEquals(1, letters.size(), letters.toString());
      DeadLetter letter = letters.get(0);
      assertEquals(poison, letter.position());
      assertEquals(ORDER, letter.streamId());
      assertEquals(Version.of(2), letter.version());
      assertEquals("upcast.OrderPlaced", letter.type());
      assertEquals(0, letter.attempts(), "the handler never saw it");
      UndecodableEvent raw = letter.undecodable().orElseThrow();
      assertEquals(1, raw.revision());
      assertTrue(raw.data().contains("not-a-number"), raw.data());
      assertEquals("{}", raw.metadata());
      assertTrue(raw.reason().contains("NumberFormatException"), raw.reason());
      ProjectionStatus status = runner.status("totals");
      assertEquals(1, status.deadLettered());
      assertEquals(3, status.handled());
      assertEquals(ProjectionState.RUNNING, status.state());
      assertEquals(0, status.lagEvents());
    }
  }

  @Test
  void aStopPolicyStopsTheProjectionAtTheUndecodableEventNamingItsPosition() throws Exception {
    writeLog();
    try (ProjectionRunner runner = runner(ErrorPolicy.defaults())) {
      runner.register(totals());
      runner.start("totals");
      eventually("the projection fails",
          () -> runner.status("totals").state() == ProjectionState.FAILED);
      ProjectionStatus status = runner.status("totals");
      ProjectionError error = status.lastError().orElseThrow();
      assertEquals(poison, error.position());
      assertEquals(ORDER, error.stream().orElseThrow());
      assertEquals(Version.of(2), error.version().orElseThrow());
      assertTrue(error.message().contains("position " + poison), error.message());
      assertEquals(List.of(new Placed("o1", 0)), applied, "nothing after it");
      assertEquals(0, status.deadLettered());
      assertTrue(checkpoints.load("totals").position().compareTo(poison) < 0);
      ProjectionFailedException failed = assertThrows(ProjectionFailedException.class,
          () -> runner.awaitPosition("totals", last, WAIT));
      assertEquals(poison, failed.error().position());
    }
  }

  @Test
  void theProjectionHearsOfTheUndecodableEventItSkipped() throws Exception {
    writeLog();
    List<GlobalPosition> skipped = new CopyOnWriteArrayList<>();
    Projection totals = new Projection() {
      @Override
      public String name() {
        return "totals";
      }

      @Override
      public void handle(RecordedEvent<?> event) {
        applied.add(event.payload());
      }

      @Override
      public void skipped(RecordedEvent<?> event) {
        skipped.add(event.position());
      }
    };
    try (ProjectionRunner runner = runner(
        ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), new InMemoryDeadLetterStore()))) {
      runner.register(totals);
      runner.start("totals");
      assertTrue(runner.awaitPosition("totals", last, WAIT));
      assertEquals(List.of(poison), skipped);
      assertEquals(3, applied.size());
    }
  }

  @Test
  void anUndecodableEventWhoseDeadLetterCannotBeRecordedStopsTheProjection() throws Exception {
    writeLog();
    DeadLetterStore refusing = new DeadLetterStore() {
      @Override
      public void add(DeadLetter letter) {
        throw new IllegalStateException("dead letter table is gone");
      }

      @Override
      public List<DeadLetter> list(String projection) {
        return List.of();
      }

      @Override
      public int remove(String projection, GlobalPosition position) {
        return 0;
      }

      @Override
      public int purge(String projection) {
        return 0;
      }
    };
    try (ProjectionRunner runner =
        runner(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), refusing))) {
      runner.register(totals());
      runner.start("totals");
      eventually("the projection fails",
          () -> runner.status("totals").state() == ProjectionState.FAILED);
      ProjectionStatus status = runner.status("totals");
      ProjectionError error = status.lastError().orElseThrow();
      assertEquals(poison, error.position());
      assertEquals(ORDER, error.stream().orElseThrow());
      assertTrue(error.message().contains("dead letter table is gone"), error.message());
      assertEquals(List.of(new Placed("o1", 0)), applied, "nothing after it");
      assertEquals(0, status.deadLettered());
      assertEquals(List.of(), observer.of("deadLettered"));
    }
  }
}
