package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.count;
import static dev.eventcore.saga.SagaHarness.done;
import static dev.eventcore.saga.SagaHarness.payloads;
import static dev.eventcore.saga.SagaHarness.request;
import static dev.eventcore.saga.SagaHarness.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A runner crashes after handling some events, with commands left in its outbox; a new runner
 * over the same store recovers, dispatches exactly those commands (same ids, same order), replays
 * the whole log without taking any handled trigger again, and every booking ends with each of its
 * effects once, in order.
 */
class CrashRestartPropertyTest {

  @Test
  void aRestartedRunnerFinishesTheOutboxAsBeforeAndNeverRetakesAHandledTrigger() {
    qt().withFixedSeed(14L).withExamples(60)
        .forAll(lists().of(booleans().all()).ofSizeBetween(1, 8), integers().between(0, 60),
            booleans().all())
        .checkAssert(CrashRestartPropertyTest::check);
  }

  /**
   * With {@code serviceUp}, the first runner's after-commit dispatches succeed, and the marker of
   * one made while its instance waits under a deadline is still in memory at the crash: the new
   * runner dispatches it again, with the same id, and the service's deduplication absorbs it.
   */
  static void check(List<Boolean> afterCommit, int crashAfter, boolean serviceUp) {
    EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
    ManualClock clock = ManualClock.create();
    InStepServices services = new InStepServices(store);
    for (int i = 0; i < afterCommit.size(); i++) {
      if (afterCommit.get(i)) {
        services.afterCommit.add("b" + i);
      }
      request(store, "b" + i);
    }
    services.down = !serviceUp; // the first runner's after-commit dispatches may fail
    SagaRunner<Booking.State> first =
        SagaRunner.builder(store, new Booking(), services).clock(clock).build();
    GlobalPosition delivered = GlobalPosition.START;
    for (int handled = 0; handled < crashAfter; handled++) {
      List<RecordedEvent<?>> next = store.readAll(delivered, 1);
      if (next.isEmpty()) {
        break;
      }
      first.handle(next.get(0));
      delivered = next.get(0).position();
    }
    List<EventId> left = new ArrayList<>();
    for (int i = 0; i < afterCommit.size(); i++) {
      first.instance("b" + i).pendingCommands().forEach(command -> left.add(command.id()));
    }

    services.down = false;
    List<EventId> redone = new ArrayList<>();
    CommandDispatcher recording = new CommandDispatcher() {
      @Override
      public Outcome dispatch(SagaCommand command) {
        redone.add(command.id());
        return services.dispatch(command);
      }

      @Override
      public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
        Optional<List<StreamAppend>> decided = services.decideInStep(command);
        if (decided.isPresent()) {
          redone.add(command.id());
        }
        return decided;
      }
    };
    SagaRunner<Booking.State> second =
        SagaRunner.builder(store, new Booking(), recording).clock(clock).build();
    second.recover();
    second.tick();
    assertEquals(left, redone, "the outbox left behind, dispatched again in order, same ids");

    settle(store, second, GlobalPosition.START); // the projection replays from its checkpoint
    for (int i = 0; i < afterCommit.size(); i++) {
      String key = "b" + i;
      assertTrue(second.instance(key).completed(), key);
      assertEquals(done(key, 1, 2, 3), payloads(store, InStepServices.ledger(key)), key);
      assertEquals(4, count(store, second.instance(key).stream(), SagaEvent.StepTaken.class),
          key + ": the request and three answers, each taken once");
    }
  }
}
