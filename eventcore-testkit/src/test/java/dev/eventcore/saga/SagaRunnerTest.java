package dev.eventcore.saga;

import dev.eventcore.testkit.ManualClock;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SagaRunnerTest {
  static final EventTypes TYPES = EventTypes.of(Booking.Requested.class, Booking.StepDone.class,
      Booking.Cmd.class, Booking.Fact.class, SagaEvent.class);

  final EventStore store = new InMemoryEventStore(TYPES);
  final ManualClock clock = ManualClock.create();
  final BookingServices services = new BookingServices(store, 1, 0.0);
  final SagaRunner<Booking.State> runner =
      SagaRunner.builder(store, new Booking(), services).clock(clock).build();
  GlobalPosition delivered = GlobalPosition.START;

  void request(String key) {
    store.append(StreamId.of("request", key), ExpectedVersion.noStream(),
        List.of(EventData.of(new Booking.Requested(key))));
  }

  /** Delivers every new event of the log to the runner, until nothing new comes. */
  List<RecordedEvent<?>> deliver(SagaRunner<Booking.State> to) {
    List<RecordedEvent<?>> all = new ArrayList<>();
    List<RecordedEvent<?>> page;
    while (!(page = store.readAll(delivered, 1_000)).isEmpty()) {
      for (RecordedEvent<?> event : page) {
        to.handle(event);
        delivered = event.position();
        all.add(event);
      }
    }
    return all;
  }

  @Test
  void aBookingRunsItsThreeStepsOnceEachAndCompletes() {
    request("b1");
    deliver(runner);

    SagaInstance<Booking.State> instance = runner.instance("b1");
    assertTrue(instance.completed());
    assertEquals(3, instance.state().done());
    assertEquals(1, services.effect("b1", "do1"));
    assertEquals(1, services.effect("b1", "do3"));
    assertEquals(List.of(), runner.openInstances(), "the deadline was cancelled");
  }

  @Test
  void aRedeliveredEventTakesNoSecondStepAndDispatchesNothingAgain() {
    request("b1");
    List<RecordedEvent<?>> events = deliver(runner);
    int calls = services.calls;
    Version version = runner.instance("b1").version();

    events.forEach(runner::handle);

    assertEquals(calls, services.calls);
    assertEquals(version, runner.instance("b1").version());
    assertEquals(4, runner.stats().duplicates(), "the request and three answers, all ignored");
  }

  @Test
  void aRefusedStepIsCompensatedByAnOrdinaryStep() {
    services.failStep2.add("b1");
    request("b1");
    deliver(runner);

    assertEquals("step 2 refused", runner.instance("b1").state().outcome());
    assertEquals(1, services.effect("b1", "undo1"));
    assertEquals(0, services.effect("b1", "do3"));
    assertEquals(1, runner.stats().commandsRejected());
  }

  @Test
  void aTimeoutIsDurableAndFiresAfterARestart() {
    services.hangStep3.add("b1");
    request("b1");
    deliver(runner);
    runner.close();
    assertEquals(0, runner.tick(), "not due yet");

    SagaRunner<Booking.State> restarted =
        SagaRunner.builder(store, new Booking(), services).clock(clock).build();
    restarted.recover();
    assertEquals(List.of("b1"), restarted.openInstances());
    clock.advance(Booking.DEADLINE);
    assertEquals(0, restarted.tick(), "the log was not handled yet: an answer may be waiting in it");
    delivered = GlobalPosition.START;
    deliver(restarted); // the replay after the restart: every event a duplicate
    restarted.tick();

    assertTrue(restarted.instance("b1").completed());
    assertEquals("timed out", restarted.instance("b1").state().outcome());
    assertEquals(1, services.effect("b1", "undo2"));
    assertEquals(1, services.effect("b1", "undo1"));
    assertEquals(1, restarted.stats().timeoutsFired());
  }

  @Test
  void tickCountsTheTimeoutsItFiresAndTheCommandsItDispatches() {
    services.hangStep3.add("b1");
    services.hangStep3.add("b2");
    request("b1");
    request("b2");
    deliver(runner); // steps 1 and 2 done, step 3 never answered: both wait for their deadline
    assertEquals(List.of("b1", "b2"), runner.openInstances());
    assertEquals(0, runner.tick(), "nothing due yet");

    clock.advance(Booking.DEADLINE);
    // per booking: its deadline fires, then the compensation dispatches Undo(2) and Undo(1)
    assertEquals(6, runner.tick());

    assertEquals(List.of(), runner.openInstances(), "both compensated and completed");
    assertEquals(0, runner.tick(), "nothing left to do");
    assertEquals(2, runner.stats().timeoutsFired());
    assertEquals(10, runner.stats().commandsDispatched(), "Do 1, 2 and 3 and two Undos each");
    assertEquals(1, services.effect("b1", "undo1"));
    assertEquals(1, services.effect("b2", "undo2"));
  }

  @Test
  void aDispatchThatFailedIsRetriedAndCountedByTheNextTickThoughNothingIsDue() {
    int[] failures = {1};
    CommandDispatcher failingOnce = command -> {
      if (failures[0]-- > 0) {
        throw new IllegalStateException("injected: service unavailable");
      }
      return services.dispatch(command);
    };
    SagaRunner<Booking.State> sagas =
        SagaRunner.builder(store, new Booking(), failingOnce).clock(clock).build();
    request("b1");

    deliver(sagas); // the step is taken; dispatching Do(1) fails, so it stays in the outbox
    assertEquals(1, sagas.stats().dispatchFailures());
    assertEquals(List.of("b1"), sagas.openInstances());
    assertEquals(0, services.effect("b1", "do1"));

    assertEquals(1, sagas.tick(), "Do(1) dispatched again");
    assertEquals(1, services.effect("b1", "do1"));
    assertEquals(0, sagas.tick(), "nothing pending, nothing due");
    deliver(sagas); // the answers: steps 2 and 3, then the booking completes
    assertTrue(sagas.instance("b1").completed());
    assertEquals(List.of(), sagas.openInstances());
    assertEquals(0, sagas.tick());
  }

  @Test
  void aStartedRunnersTickCountsTheDispatchesItsWorkersDidSinceTheLastTickOnce() {
    services.hangStep3.add("b1");
    SagaRunner<Booking.State> sagas = SagaRunner.builder(store, new Booking(), services)
        .clock(clock).tickInterval(Duration.ofHours(1)).build();
    sagas.start();
    int total = 0;
    try {
      request("b1");
      // each answer is taken as a step here; its next command is dispatched on a worker
      for (int round = 0; round < 20; round++) {
        int done = sagas.tick(); // waits for the workers' work, then reports it
        total += done;
        if (deliver(sagas).isEmpty() && done == 0) {
          break;
        }
      }
      assertEquals(3, total, "Do(1), Do(2) and Do(3), each counted by one tick");
      assertEquals(0, sagas.tick());
    } finally {
      sagas.close();
    }
    clock.advance(Booking.DEADLINE);
    // closed, the runner does the work on the caller: the deadline and two Undos
    assertEquals(3, sagas.tick());
    assertEquals(List.of(), sagas.openInstances());
    assertEquals(5, sagas.stats().commandsDispatched());
  }

  @Test
  void aFailedDispatchStaysInTheOutboxUntilTheNextTick() {
    BookingServices flaky = new BookingServices(store, 7, 0.5);
    SagaRunner<Booking.State> sagas =
        SagaRunner.builder(store, new Booking(), flaky).clock(clock).build();
    request("b1");
    for (int i = 0; i < 50 && !sagas.instance("b1").completed(); i++) {
      deliver(sagas);
      sagas.tick();
    }
    assertTrue(sagas.instance("b1").completed());
    assertTrue(sagas.stats().dispatchFailures() > 0);
    assertEquals(1, flaky.effect("b1", "do2"));
  }

  @Test
  void aStepThatCannotBeStoredLeavesNoStateAndDispatchesNothing() {
    EventStore narrow = new InMemoryEventStore(EventTypes.of(Booking.Requested.class,
        Booking.Fact.class, SagaEvent.class)); // the commands are not registered
    BookingServices counting = new BookingServices(narrow, 1, 0.0);
    SagaRunner<Booking.State> sagas = SagaRunner.builder(narrow, new Booking(), counting).build();
    narrow.append(StreamId.of("request", "b1"), ExpectedVersion.noStream(),
        List.of(EventData.of(new Booking.Requested("b1"))));

    assertThrows(RuntimeException.class, () -> sagas.handle(narrow.readAll(GlobalPosition.START, 1).get(0)));
    assertEquals(Version.NONE, sagas.instance("b1").version());
    assertEquals(0, counting.calls);
  }

  @Test
  void theRunnerIsACheckpointedProjection() throws InterruptedException {
    try (ProjectionRunner projections =
        ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      projections.register(runner.projection());
      projections.start("saga-booking");
      request("b1");
      for (int i = 0; i < 100 && !runner.instance("b1").completed(); i++) {
        Thread.sleep(20);
      }
    }
    assertTrue(runner.instance("b1").completed());
    assertEquals(1, services.effect("b1", "do3"));
  }

  @Test
  void aRawUndecodableEventStopsTheSagaNamingItsPositionInsteadOfBeingSkipped() {
    request("b1");
    RecordedEvent<?> stored = store.readAll(GlobalPosition.START, 1).get(0);
    RecordedEvent<UndecodableEvent> raw = new RecordedEvent<>(stored.position(), stored.streamId(),
        stored.version(), stored.id(), "RequestedLongAgo",
        new UndecodableEvent("RequestedLongAgo", 1, "{}", "{}", "no class is registered"),
        stored.metadata(), stored.recordedAt());
    UndecodableEventException e =
        assertThrows(UndecodableEventException.class, () -> runner.handle(raw));
    assertEquals(stored.position(), e.position());
    assertTrue(e.getMessage().contains("request-b1@1"), e.getMessage());
    assertEquals(List.of(), runner.openInstances(), "no step was taken for it");
  }

  @Test
  void anUndecodableEventDeadLetteredByItsProjectionDoesNotHoldBackDueTimeouts() {
    services.hangStep3.add("b1");
    request("b1");
    deliver(runner);
    request("b2"); // stands for an event the saga's projection could not decode
    RecordedEvent<?> stored = store.readAll(delivered, 1).get(0);
    RecordedEvent<UndecodableEvent> raw = new RecordedEvent<>(stored.position(), stored.streamId(),
        stored.version(), stored.id(), "RequestedLongAgo",
        new UndecodableEvent("RequestedLongAgo", 1, "{}", "{}", "no class is registered"),
        stored.metadata(), stored.recordedAt());
    clock.advance(Booking.DEADLINE);
    assertEquals(0, runner.tick(), "an event of the saga's filter is not handled yet");

    assertDoesNotThrow(() -> runner.projection().skipped(raw));

    runner.tick();
    assertEquals(1, runner.stats().timeoutsFired(), "the dead-lettered event counts as passed");
  }
}
