package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static dev.eventcore.projection.Fixtures.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.contract.UpcastEvents;
import dev.eventcore.testkit.contract.UpcastEvents.CreatedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Paid;
import dev.eventcore.testkit.contract.UpcastEvents.PaidAndShippedV1;
import dev.eventcore.testkit.contract.UpcastEvents.Placed;
import dev.eventcore.testkit.contract.UpcastEvents.Shipped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A stored event read as two (an upcaster split) is projected completely and exactly once across
 * restarts: the checkpoint never lands between its halves.
 */
class SplitEventProjectionTest {
  private static final StreamId STREAM = StreamId.of("order-1");

  @Test
  void aProjectionThatStopsInsideASplitResumesBeforeItAndAfterItSeesNoneOfIt() throws Exception {
    InMemoryEventStore old = new InMemoryEventStore(UpcastEvents.before());
    old.append(STREAM, ExpectedVersion.noStream(), List.of(EventData.of(new CreatedV1("o1")),
        EventData.of(new PaidAndShippedV1("o2")), EventData.of(new CreatedV1("o3"))));
    InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    try (InMemoryEventStore store = old.withEventTypes(UpcastEvents.after())) {
      List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 100);
      GlobalPosition beforeSplit = log.get(0).position();
      GlobalPosition split = log.get(1).position();
      GlobalPosition last = log.get(3).position();

      List<Object> first = new CopyOnWriteArrayList<>();
      try (ProjectionRunner runner = runner(store, checkpoints)) {
        runner.register(Projection.of("split", event -> {
          if (event.payload() instanceof Shipped) {
            throw new IllegalStateException("fails on the second half");
          }
          first.add(event.payload());
        }), ErrorPolicy.retryThenStop(RetryPolicy.noRetry()));
        runner.start("split");
        eventually("the projection fails",
            () -> runner.status("split").state() == ProjectionState.FAILED);
      }
      assertEquals(List.of(new Placed("o1", 0), new Paid("o2")), first);
      assertEquals(beforeSplit, checkpoints.load("split").position(),
          "the checkpoint stays before the half-handled split");

      List<Object> second = new CopyOnWriteArrayList<>();
      try (ProjectionRunner runner = runner(store, checkpoints)) {
        runner.register(Projection.of("split", event -> second.add(event.payload())));
        runner.start("split");
        assertTrue(runner.awaitPosition("split", last, WAIT));
      }
      assertEquals(List.of(new Paid("o2"), new Shipped("o2"), new Placed("o3", 0)), second,
          "both halves after the restart, once each");
      assertEquals(last, checkpoints.load("split").position());

      AppendResult later = store.append(STREAM, ExpectedVersion.exactly(Version.of(3)),
          List.of(EventData.of(new Placed("o4", 4))));
      List<Object> third = new CopyOnWriteArrayList<>();
      try (ProjectionRunner runner = runner(store, checkpoints)) {
        runner.register(Projection.of("split", event -> third.add(event.payload())));
        runner.start("split");
        assertTrue(runner.awaitPosition("split", later.lastPosition(), WAIT));
      }
      assertEquals(List.of(new Placed("o4", 4)), third, "nothing before the checkpoint again");
      assertTrue(split.compareTo(checkpoints.load("split").position()) < 0);
    }
  }

  private static ProjectionRunner runner(InMemoryEventStore store,
      InMemoryCheckpointStore checkpoints) {
    return ProjectionRunner.builder(store, checkpoints).tick(Duration.ofMillis(10)).build();
  }
}
