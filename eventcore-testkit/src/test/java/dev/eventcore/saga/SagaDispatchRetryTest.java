package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.EventData;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a runner works off an instance's outbox: retries decided in the step, rejections decided in
 * the step, what a tick counts, conflicts reported to the dispatcher, markers kept across a
 * reload, and the observer's units of work.
 */
class SagaDispatchRetryTest {
  final EventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
  final ManualClock clock = ManualClock.create();
  final ScriptedSaga saga = new ScriptedSaga();
  ScriptedServices services = new ScriptedServices(store);

  SagaRunner<ScriptedSaga.Flow> runner() {
    return SagaRunner.builder(store, saga, services).clock(clock).build();
  }

  /** Appends a ping for {@code key}; the event as stored (not delivered to anyone yet). */
  RecordedEvent<?> ping(String key, String script) {
    ScriptedSaga.ping(store, key, script);
    List<RecordedEvent<?>> pings = store.readStream(StreamId.of("ping", key));
    return pings.get(pings.size() - 1);
  }

  static List<String> notes(SagaRunner<ScriptedSaga.Flow> runner, String key) {
    return runner.instance(key).state().notes();
  }

  @Test
  void aPendingCommandDecidedInTheStepAtARetryIsCountedOnceByTick() {
    services.decide("A", "fail", "after", "ok").answer("A", "fail");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A"));
    assertEquals(List.of("k1"), runner.openInstances(), "A failed after commit");

    assertEquals(1, runner.tick(), "A decided in the retry's append");
    assertEquals(List.of("A"), services.calls, "no second after-commit dispatch");
    assertEquals(new SagaStats(1, 0, 1, 0, 1, 0), runner.stats());
    assertEquals(List.of(), runner.openInstances());
    assertEquals(0, runner.tick());
  }

  @Test
  void aPendingCommandRejectedInTheStepAtARetryIsCountedAndReactedTo() {
    services.decide("A", "fail", "after", "no").answer("A", "fail");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A"));

    assertEquals(1, runner.tick());
    assertEquals(List.of("ping note cmd:A", "rejected A: no A"), notes(runner, "k1"));
    assertEquals(new SagaStats(2, 0, 0, 1, 1, 0), runner.stats());
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void aRejectionDecidedInTheStepIsReactedToBeforeHandleReturns() {
    services.decide("A", "no");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A"));

    assertEquals(List.of("ping note cmd:A", "rejected A: no A"), notes(runner, "k1"));
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void aLaterCommandRefusedInTheStepIsDecidedAgainOnceTheEarlierCommitted() {
    services = new ScriptedServices(store) {
      @Override
      public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
        if (name(command).equals("A")) { // opens the account B pays into
          return Optional.of(List.of(StreamAppend.of(effect("A"), ExpectedVersion.noStream(),
              List.of(EventData.of(new ScriptedSaga.Noted("k1", "opened"))))));
        }
        if (store.readStream(effect("A")).isEmpty()) {
          throw new CommandRejectedException("no account");
        }
        return Optional.of(List.of());
      }
    };
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A cmd:B"));

    assertEquals(new SagaStats(1, 0, 2, 0, 0, 0), runner.stats(), "B decided after A's commit");
    assertEquals(List.of("ping note cmd:A cmd:B"), notes(runner, "k1"));
    assertEquals(List.of(), services.calls);
  }

  @Test
  void aConflictOnAStreamDecidedInTheStepIsReportedToTheDispatcherThenDecidedAgain() {
    services.decide("A", "stale", "ok");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A"));

    assertEquals(List.of(ScriptedServices.effect("A")), services.conflicts);
    assertEquals(new SagaStats(1, 0, 1, 0, 0, 0), runner.stats());
    assertEquals(List.of(), services.calls);
  }

  @Test
  void tickCountsTheCommandsItDispatchedBeforeOneThatFailed() {
    services.answer("A", "fail", "ok").answer("B", "fail", "ok");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    runner.handle(ping("k1", "note cmd:A cmd:B")); // A fails

    assertEquals(1, runner.tick(), "A, then B failed");
    assertEquals(1, runner.tick(), "B");
    assertEquals(List.of("A", "B"), services.accepted);
    assertEquals(2, runner.stats().dispatchFailures());
  }

  @Test
  void aRejectionWhoseReactionFailedIsReactedToAtTheNextTick() {
    services.answer("A", "no");
    saga.onRejected.put("A", "throw");
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    RecordedEvent<?> event = ping("k1", "note cmd:A");
    assertThrows(IllegalStateException.class, () -> runner.handle(event));
    assertEquals(List.of("k1"), runner.openInstances(), "the rejection is owed a step");

    saga.onRejected.put("A", "note");
    runner.tick();
    assertEquals(List.of("ping note cmd:A", "rejected A: no A"), notes(runner, "k1"));
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void aMarkerHeldInMemoryIsWrittenAfterAConflictReloadedTheInstance() {
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    SagaRunner<ScriptedSaga.Flow> other = runner();
    runner.handle(ping("k1", "note"));
    RecordedEvent<?> idle = ping("k1", "");
    runner.handle(idle); // decides nothing: its marker waits in memory
    other.handle(ping("k1", "note")); // another runner moves the instance on

    runner.handle(ping("k1", "note")); // conflicts, reloads, decides again
    assertTrue(runner.instance("k1").handledTriggers().contains(idle.id().toString()));
    assertEquals(3, notes(runner, "k1").size());
  }

  @Test
  void aMarkerHeldInMemoryThatAnotherRunnerWroteMeanwhileIsWrittenOnce() {
    SagaRunner<ScriptedSaga.Flow> runner = runner();
    SagaRunner<ScriptedSaga.Flow> other = runner();
    RecordedEvent<?> first = ping("k1", "note");
    runner.handle(first);
    RecordedEvent<?> idle = ping("k1", "");
    runner.handle(idle);
    other.handle(first);
    other.handle(idle);
    other.handle(ping("k1", "note")); // writes the marker of the empty step with its own

    runner.handle(ping("k1", "note"));
    long markers = SagaHarness.payloads(store, runner.instance("k1").stream()).stream()
        .filter(p -> p instanceof SagaEvent.StepTaken
            && ((SagaEvent.StepTaken) p).triggerId().equals(idle.id().toString()))
        .count();
    assertEquals(1, markers);
    assertEquals(3, notes(runner, "k1").size());
  }

  @Test
  void aCommandAnotherRunnerRecordedMeanwhileIsLeftAsRecordedAndTheNextCommandFollows() {
    SagaRunner<ScriptedSaga.Flow> runner = runnerRacedOnX();
    runner.handle(ping("k1", "note cmd:X cmd:Y"));

    assertEquals(List.of("X", "Y"), services.accepted, "Y dispatched once X was settled");
    assertEquals(List.of("ping note cmd:X cmd:Y", "rejected X: no X"), notes(runner, "k1"));
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void aMarkerHeldInMemoryForACommandAnotherRunnerRecordedMeanwhileIsDropped() {
    SagaRunner<ScriptedSaga.Flow> runner = runnerRacedOnX();
    runner.handle(ping("k1", "note cmd:X cmd:Y after:t:60")); // marks wait for the next step
    runner.handle(ping("k1", "note"));

    assertEquals(List.of("X", "Y"), services.accepted);
    assertEquals(List.of("ping note cmd:X cmd:Y after:t:60", "rejected X: no X", "ping note"),
        notes(runner, "k1"));
    assertEquals(List.of(), runner.instance("k1").pendingCommands());
  }

  /** A runner whose dispatch of X comes after another runner had X rejected and reacted. */
  private SagaRunner<ScriptedSaga.Flow> runnerRacedOnX() {
    SagaRunner<ScriptedSaga.Flow> other = SagaRunner.builder(store, saga,
        new ScriptedServices(store).answer("X", "no").answer("Y", "fail")).clock(clock).build();
    services = new ScriptedServices(store) {
      @Override
      public Outcome dispatch(SagaCommand command) {
        if (calls.isEmpty()) {
          other.recover();
          other.tick();
        }
        return super.dispatch(command);
      }
    };
    return runner();
  }

  @Test
  void everyUnitOfWorkTheObserverHearsOfIsClosed() {
    Scopes scopes = new Scopes();
    services.decide("B", "fail", "after", "ok").answer("B", "fail");
    SagaRunner<ScriptedSaga.Flow> runner =
        SagaRunner.builder(store, saga, services).clock(clock).observer(scopes).build();
    runner.handle(ping("after-commit", "note cmd:A"));
    runner.handle(ping("in-step", "note cmd:B"));
    assertEquals(1, runner.tick(), "B decided in the retry's append");

    assertEquals(List.of(), runner.openInstances());
    assertEquals(3, scopes.dispatches.get(), "A, B failing, B retried");
    assertEquals(scopes.opened.get(), scopes.closed.get());
  }

  @Test
  void aUnitOfWorkThatEndsInAnErrorIsReportedFailedAndClosed() {
    Scopes scopes = new Scopes();
    services.answer("A", "error").decide("B", "after", "error");
    SagaRunner<ScriptedSaga.Flow> runner =
        SagaRunner.builder(store, saga, services).clock(clock).observer(scopes).build();
    RecordedEvent<?> dispatched = ping("after-commit", "note cmd:A");
    RecordedEvent<?> decided = ping("in-step", "note cmd:B");

    assertThrows(LinkageError.class, () -> runner.handle(dispatched));
    assertThrows(LinkageError.class, () -> runner.handle(decided));
    assertEquals(2, scopes.failed.get(), "the dispatch of A and the decision on B");
    assertEquals(scopes.opened.get(), scopes.closed.get());
    assertEquals(List.of("after-commit", "in-step"), runner.openInstances(), "both still owed");
  }

  /** Counts the units of work started, failed and closed. */
  static final class Scopes implements Observer {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger dispatches = new AtomicInteger();

    @Override
    public Scope start(WorkKind kind, String name, Metadata cause) {
      opened.incrementAndGet();
      if (kind == WorkKind.DISPATCH) {
        dispatches.incrementAndGet();
      }
      return new Scope() {
        @Override
        public void failed(Throwable error) {
          failed.incrementAndGet();
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  }
}
