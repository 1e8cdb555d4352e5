package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.count;
import static dev.eventcore.saga.SagaHarness.done;
import static dev.eventcore.saga.SagaHarness.payloads;
import static dev.eventcore.saga.SagaHarness.request;
import static dev.eventcore.saga.SagaHarness.settle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Commands decided in the saga step's own transaction ({@link CommandDispatcher#decideInStep}). */
class InStepDispatchTest {
  final AtomicInteger appends = new AtomicInteger();
  final AtomicInteger failNextAppends = new AtomicInteger();
  final EventStore store = new ForwardingEventStore(new InMemoryEventStore(SagaHarness.TYPES)) {
    @Override
    public AppendResult append(List<StreamAppend> parts) {
      if (failNextAppends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new TransientStoreException("injected: connection lost before commit", null, false);
      }
      appends.incrementAndGet();
      return super.append(parts);
    }
  };
  final InStepServices services = new InStepServices(store);
  final ManualClock clock = ManualClock.create();
  final SagaRunner<Booking.State> runner =
      SagaRunner.builder(store, new Booking(), services).clock(clock).build();

  @Test
  void eachStepWritesItsRecordsAndItsCommandsEventsInOneAppend() {
    request(store, "b1");
    int before = appends.get();
    settle(store, runner, GlobalPosition.START);

    assertTrue(runner.instance("b1").completed());
    assertEquals(done("b1", 1, 2, 3), payloads(store, InStepServices.ledger("b1")));
    assertEquals(4, appends.get() - before, "the request's step and three answers' steps");
    assertEquals(0, services.dispatches.get(), "nothing dispatched after commit");
    assertEquals(0, count(store, runner.instance("b1").stream(), SagaEvent.CommandDispatched.class),
        "no separate dispatched markers");
    assertEquals(3, runner.stats().commandsDispatched());
  }

  @Test
  void aStepWhoseAppendFailsLeavesNeitherItsRecordsNorItsCommandsEvents() {
    request(store, "b1");
    RecordedEvent<?> requested = store.readAll(GlobalPosition.START, 1).get(0);
    failNextAppends.set(1);

    assertThrows(TransientStoreException.class, () -> runner.handle(requested));
    assertEquals(Version.NONE, runner.instance("b1").version());
    assertEquals(Version.NONE, store.currentVersion(InStepServices.ledger("b1")));

    runner.handle(requested); // redelivered by the projection
    assertEquals(done("b1", 1), payloads(store, InStepServices.ledger("b1")));
    assertEquals(1, count(store, runner.instance("b1").stream(), SagaEvent.StepTaken.class));
  }

  @Test
  void aConflictOnATargetStreamDecidesTheCommandAgainOnTheNewerState() {
    AtomicInteger raced = new AtomicInteger();
    services.afterDeciding = command -> {
      if (raced.getAndIncrement() == 0) { // another writer gets in between decision and append
        store.append(InStepServices.ledger("b1"), ExpectedVersion.any(),
            List.of(EventData.of(new InStepServices.Undone("b1", 99))));
      }
    };
    request(store, "b1");
    settle(store, runner, GlobalPosition.START);

    List<Object> ledger = payloads(store, InStepServices.ledger("b1"));
    assertEquals(new InStepServices.Undone("b1", 99), ledger.get(0));
    assertEquals(done("b1", 1, 2, 3), ledger.subList(1, ledger.size()));
    assertEquals(4, services.decisions.get(), "Do 1 decided twice, Do 2 and 3 once");
    assertEquals(4, count(store, runner.instance("b1").stream(), SagaEvent.StepTaken.class));
  }

  @Test
  void aRejectedDecisionIsRecordedWithItsReasonThenCompensated() {
    services.refuseStep2.add("b1");
    request(store, "b1");
    settle(store, runner, GlobalPosition.START);

    SagaInstance<Booking.State> instance = runner.instance("b1");
    assertEquals("step 2 refused", instance.state().outcome());
    assertTrue(payloads(store, instance.stream()).contains(
        new SagaEvent.CommandDispatched(rejectedId(instance), Optional.of("step 2 refused"))));
    assertEquals(List.of(new Booking.StepDone("b1", 1), new InStepServices.Undone("b1", 1)),
        payloads(store, InStepServices.ledger("b1")));
    assertEquals(1, runner.stats().commandsRejected());
  }

  private String rejectedId(SagaInstance<Booking.State> instance) {
    for (RecordedEvent<?> event : store.readStream(instance.stream())) {
      if (event.payload().equals(new Booking.Do("b1", 2))) {
        return event.id().toString();
      }
    }
    throw new AssertionError("no Do 2 in the outbox");
  }

  @Test
  void aCommandIsNeverDecidedAheadOfAnEarlierCommandStillInTheOutbox() {
    services.afterCommit.add("b1:1"); // only Do 1 needs after-commit dispatch
    services.down = true;
    request(store, "b1");
    GlobalPosition at = settle(store, runner, GlobalPosition.START);
    assertEquals(1, runner.instance("b1").pendingCommands().size(), "Do 1 waits in the outbox");

    store.append(StreamId.of("answers", "b1"), ExpectedVersion.any(),
        List.of(EventData.of(new Booking.StepDone("b1", 1)))); // an answer that overtook it
    runner.handle(store.readAll(at, 1).get(0));
    assertEquals(List.of(new Booking.Do("b1", 1), new Booking.Do("b1", 2)),
        commands(runner.instance("b1").pendingCommands()), "Do 2 queued behind Do 1");

    services.down = false;
    settle(store, runner, at);
    List<Object> ledger = payloads(store, InStepServices.ledger("b1"));
    assertEquals(done("b1", 1, 2, 3), ledger);
  }

  private static List<Object> commands(List<SagaCommand> pending) {
    List<Object> out = new ArrayList<>();
    pending.forEach(command -> out.add(command.command()));
    return out;
  }

  @Test
  void twoRunnersRacingOnOneTriggerCommitItsStepAndItsCommandsEventsOnce() throws Exception {
    SagaRunner<Booking.State> other =
        SagaRunner.builder(store, new Booking(), services).clock(clock).build();
    for (int i = 0; i < 50; i++) {
      request(store, "b" + i);
    }
    List<RecordedEvent<?>> requests = store.readAll(GlobalPosition.START, 1_000);
    Thread first = new Thread(() -> requests.forEach(runner::handle));
    Thread second = new Thread(() -> requests.forEach(other::handle));
    first.start();
    second.start();
    first.join();
    second.join();

    for (int i = 0; i < 50; i++) {
      assertEquals(done("b" + i, 1), payloads(store, InStepServices.ledger("b" + i)), "b" + i);
      assertEquals(1, count(store, runner.instance("b" + i).stream(), SagaEvent.StepTaken.class));
    }
  }
}
