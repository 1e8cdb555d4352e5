package dev.eventcore.projection;

import static dev.eventcore.projection.Fixtures.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.testkit.contract.ContractEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replaying one dead letter, chosen by its position or its event's id, and what a replay reports:
 * the letters replayed, those still failing with their attempts counted, and nothing to do.
 */
class ReplayOneLetterTest extends ReplayFixture {
  /** A started runner that handled "a" and "c" and dead-lettered "b" and "d". */
  private ProjectionRunner withTwoLetters() throws InterruptedException {
    ProjectionRunner runner = runner();
    runner.register(projection());
    runner.start("p");
    broken.addAll(List.of("b", "d"));
    assertTrue(runner.awaitPosition("p", write("a", "b", "c", "d"), WAIT));
    assertEquals(2, deadLetters.count("p"));
    return runner;
  }

  @Test
  void aLetterChosenByPositionOrEventIdIsReplayedAloneAndTheProjectionRunsOn() throws Exception {
    try (ProjectionRunner runner = withTwoLetters()) {
      broken.clear();
      DeadLetter b = deadLetters.list("p").get(0);
      DeadLetter d = deadLetters.list("p").get(1);

      ReplayResult first = runner.replayDeadLetter("p", b.position());
      assertEquals(List.of(b), first.replayed());
      assertTrue(first.allReplayed());
      assertEquals(List.of("a", "c", "b"), applied, "d is not replayed");
      assertEquals(List.of(d), deadLetters.list("p"));
      assertEquals(ProjectionState.RUNNING, runner.status("p").state());

      ReplayResult second = runner.replayDeadLetter("p", d.eventId());
      assertEquals(List.of(d), second.replayed());
      assertEquals(List.of("a", "c", "b", "d"), applied);
      assertEquals(List.of(), deadLetters.list("p"));

      GlobalPosition live = write("e");
      assertTrue(runner.awaitPosition("p", live, WAIT));
      assertEquals(List.of("a", "c", "b", "d", "e"), applied, "live again, nothing twice");
      assertEquals(ProjectionState.RUNNING, runner.status("p").state());
    }
  }

  @Test
  void noLetterAtThePositionOrOfTheEventIsAnError() throws Exception {
    try (ProjectionRunner runner = withTwoLetters()) {
      GlobalPosition handled = store.readAll(GlobalPosition.START, 1).get(0).position();
      IllegalArgumentException atPosition = assertThrows(IllegalArgumentException.class,
          () -> runner.replayDeadLetter("p", handled));
      assertEquals("projection p has no dead letter at position " + handled,
          atPosition.getMessage());
      EventId unknown = EventId.random();
      IllegalArgumentException ofEvent = assertThrows(IllegalArgumentException.class,
          () -> runner.replayDeadLetter("p", unknown));
      assertEquals("projection p has no dead letter of event " + unknown, ofEvent.getMessage());
      assertEquals(2, deadLetters.count("p"));
      assertEquals(List.of("a", "c"), applied);
    }
  }

  @Test
  void aLetterThatFailsAgainStaysWithItsAttemptsCountedAndItsNewError() throws Exception {
    try (ProjectionRunner runner = withTwoLetters()) {
      broken.remove("b");
      DeadLetter b = deadLetters.list("p").get(0);
      ReplayResult result = runner.replayDeadLetters("p");
      assertEquals(List.of(b), result.replayed());
      assertFalse(result.allReplayed());
      assertEquals(1, result.stillFailing().size());
      ReplayResult.StillFailing failing = result.stillFailing().get(0);
      DeadLetter stored = deadLetters.list("p").get(0);
      assertEquals(stored, failing.letter());
      assertEquals(2, stored.attempts(), "the first attempt and the replay");
      assertTrue(stored.error().contains("planned failure of d"), stored.error());
      assertTrue(failing.reason().startsWith("its handler failed again"), failing.reason());
      assertEquals(List.of("a", "c", "b"), applied);
    }
  }

  @Test
  void withNoLettersAReplayDoesNothingNotEvenTakeTheLease() throws Exception {
    try (ProjectionRunner active = runner(); ProjectionRunner other = runner()) {
      active.register(projection());
      active.start("p");
      other.register(projection());
      GlobalPosition last = write("a");
      assertTrue(active.awaitPosition("p", last, WAIT));
      ReplayResult nothing = other.replayDeadLetters("p"); // stopped here; the lease is taken
      assertEquals(new ReplayResult("p", List.of(), List.of()), nothing);
      assertEquals(ProjectionState.STOPPED, other.status("p").state());
      assertEquals(new ReplayResult("p", List.of(), List.of()), active.replayDeadLetters("p"));
      assertEquals(ProjectionState.RUNNING, active.status("p").state());
    }
  }

  @Test
  void aProjectionThatStopsOnErrorsHasNoLettersToReplay() {
    try (ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).build()) {
      runner.register(projection(), ErrorPolicy.retryThenStop(RetryPolicy.noRetry()));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> runner.replayDeadLetters("p"));
      assertTrue(e.getMessage().startsWith("projection p is registered with RetryThenStop"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("this runner knows no dead letters of it to replay"),
          e.getMessage());
    }
  }

  @Test
  void aLetterWhoseEventNoLongerPassesTheFilterStillFailsAndNothingElseIsApplied()
      throws Exception {
    GlobalPosition other = store.append(StreamId.of("user", "1"), ExpectedVersion.any(),
        List.of(EventData.of(new ContractEvent.Noted("u")))).lastPosition();
    write("after"); // the next event passing the filter
    RecordedEvent<?> user = store.readAll(GlobalPosition.START, 1).get(0);
    DeadLetter stale = DeadLetter.of("p", user, 1, new IllegalStateException("old"),
        user.recordedAt());
    deadLetters.add(stale);
    try (ProjectionRunner runner = runner()) {
      runner.register(Projection.of("p", EventFilter.categories("replay"),
          (RecordedEvent<?> event) -> applied.add(text(event))));
      ReplayResult result = runner.replayDeadLetter("p", other);
      assertEquals(List.of(), result.replayed());
      assertEquals(List.of(stale), result.stillFailing().stream()
          .map(ReplayResult.StillFailing::letter).toList());
      assertTrue(result.stillFailing().get(0).reason()
          .startsWith("the log holds no event at position " + other), result.toString());
      assertEquals(List.of(), applied, "not the next event that passes the filter");
      assertEquals(List.of(stale), deadLetters.list("p"));
    }
  }
}
