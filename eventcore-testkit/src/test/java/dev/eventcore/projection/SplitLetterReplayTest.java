package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replaying the letters of a stored event read as two (an upcaster split): only the parts whose
 * letters are there are handled again, never the part already applied; a letter naming no part
 * of the event as it is read now replays all of it.
 */
class SplitLetterReplayTest {
  private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  private final InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
  private final Set<Class<?>> broken = ConcurrentHashMap.newKeySet();
  private final List<Object> applied = new CopyOnWriteArrayList<>();
  private InMemoryEventStore store;
  private GlobalPosition split;
  private GlobalPosition last;

  @BeforeEach
  void writeASplitEvent() {
    InMemoryEventStore old = new InMemoryEventStore(UpcastEvents.before());
    old.append(StreamId.of("order-1"), ExpectedVersion.noStream(), List.of(
        EventData.of(new CreatedV1("o1")), EventData.of(new PaidAndShippedV1("o2")),
        EventData.of(new CreatedV1("o3"))));
    store = old.withEventTypes(UpcastEvents.after());
    List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 100);
    split = log.get(1).position();
    last = log.get(3).position();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Runs the projection over the log, dead-lettering the parts of the classes in broken. */
  private ProjectionRunner runUntilCaughtUp() throws InterruptedException {
    ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints)
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters))
        .tick(Duration.ofMillis(5)).build();
    runner.register(Projection.of("split", (RecordedEvent<?> event) -> {
      if (broken.contains(event.payload().getClass())) {
        throw new IllegalStateException("refused " + event.type());
      }
      applied.add(event.payload());
    }));
    runner.start("split");
    assertTrue(runner.awaitPosition("split", last, WAIT));
    runner.stop("split");
    return runner;
  }

  @Test
  void onlyThePartWhoseLetterIsThereIsHandledAgain() throws Exception {
    broken.add(Shipped.class);
    try (ProjectionRunner runner = runUntilCaughtUp()) {
      assertEquals(List.of(new Placed("o1", 0), new Paid("o2"), new Placed("o3", 0)), applied);
      assertEquals(1, deadLetters.count("split"));
      broken.clear();
      ReplayResult result = runner.replayDeadLetters("split");
      assertEquals(1, result.replayed().size());
      assertEquals(List.of(new Placed("o1", 0), new Paid("o2"), new Placed("o3", 0),
          new Shipped("o2")), applied, "Paid is not applied twice");
      assertEquals(0, deadLetters.count("split"));
    }
  }

  @Test
  void bothPartsLettersAreReplayedTogetherInTheirOrder() throws Exception {
    broken.addAll(List.of(Paid.class, Shipped.class));
    try (ProjectionRunner runner = runUntilCaughtUp()) {
      assertEquals(2, deadLetters.list("split").size());
      broken.clear();
      ReplayResult result = runner.replayDeadLetters("split");
      assertEquals(2, result.replayed().size());
      assertEquals(List.of(new Placed("o1", 0), new Placed("o3", 0), new Paid("o2"),
          new Shipped("o2")), applied);
      assertEquals(0, deadLetters.count("split"));
    }
  }

  @Test
  void aLetterNamingNoPartOfTheEventAsReadNowReplaysAllOfIt() throws Exception {
    broken.add(Shipped.class);
    try (ProjectionRunner runner = runUntilCaughtUp()) {
      DeadLetter shipped = deadLetters.list("split").get(0);
      assertEquals(split, shipped.position());
      // as if written when the event was read as one: its letter names the stored type
      deadLetters.remove("split", split);
      deadLetters.add(new DeadLetter("split", split, shipped.streamId(), shipped.version(),
          shipped.eventId(), "PaidAndShippedV1", 1, shipped.error(), shipped.failedAt(),
          Optional.empty()));
      broken.clear();
      applied.clear();
      assertTrue(runner.replayDeadLetters("split").allReplayed());
      assertEquals(List.of(new Paid("o2"), new Shipped("o2")), applied);
    }
  }
}
