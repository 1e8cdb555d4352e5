package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.RecordingObserver;
import dev.eventcore.observe.Observer;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a runner counts and keeps for its instances: steps (empty ones too), duplicates, timeouts
 * fired one by one, pending work, and the markers it owes the store.
 */
class SagaBookkeepingTest {
  final EventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
  final ManualClock clock = ManualClock.create();
  final ScriptedSaga saga = new ScriptedSaga();
  final ScriptedServices services = new ScriptedServices(store);
  final SagaRunner<ScriptedSaga.Flow> runner = runner(Observer.NONE);
  GlobalPosition delivered = GlobalPosition.START;

  SagaRunner<ScriptedSaga.Flow> runner(Observer observer) {
    return SagaRunner.builder(store, saga, services).clock(clock).observer(observer).build();
  }

  /** Delivers every new event of the log to {@code to}; the events delivered. */
  List<RecordedEvent<?>> deliver(SagaRunner<?> to) {
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

  /** Pings {@code key} and delivers it to {@code to}; the ping as delivered. */
  RecordedEvent<?> ping(SagaRunner<?> to, String key, String script) {
    ScriptedSaga.ping(store, key, script);
    return deliver(to).get(0);
  }

  List<String> notes(String key) {
    return runner.instance(key).state().notes();
  }

  @Test
  void anEventThatDecidesNothingCountsAsAStepAndItsMarkerRidesWithTheNextAppend() {
    ping(runner, "k1", "note");
    Version started = runner.instance("k1").version();

    RecordedEvent<?> idle = ping(runner, "k1", "");
    assertEquals(2, runner.stats().steps(), "the empty step is a step");
    assertEquals(started, runner.instance("k1").version(), "nothing written for it yet");

    runner.handle(idle);
    assertEquals(1, runner.stats().duplicates(), "a redelivery finds it handled");
    assertEquals(2, runner.stats().steps());

    ping(runner, "k1", "note");
    assertTrue(runner.instance("k1").handledTriggers().contains(idle.id().toString()),
        "its marker was written with the next step");
  }

  @Test
  void closeWritesTheMarkerOfAnEmptyStepSoThatARestartFindsItHandled() {
    ping(runner, "k1", "note after:t:60");
    RecordedEvent<?> idle = ping(runner, "k1", "");
    runner.close();
    assertTrue(runner.instance("k1").handledTriggers().contains(idle.id().toString()));

    SagaRunner<ScriptedSaga.Flow> restarted = runner(Observer.NONE);
    restarted.recover();
    restarted.handle(idle);
    assertEquals(new SagaStats(0, 1, 0, 0, 0, 0), restarted.stats());
  }

  @Test
  void twoTimeoutsOfOneInstanceFireSeparatelyEachWhenDue() {
    ping(runner, "k1", "note after:late:600 after:early:60");
    clock.advance(Duration.ofSeconds(59));
    assertEquals(0, runner.tick(), "nothing due yet");

    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, runner.tick(), "the early one");
    assertEquals(List.of("ping note after:late:600 after:early:60", "timeout early"), notes("k1"));
    assertEquals(List.of("late"), names(runner.instance("k1").pendingTimeouts()));
    assertEquals(List.of("k1"), runner.openInstances());
    assertEquals(0, runner.tick());

    clock.advance(Duration.ofSeconds(540));
    assertEquals(1, runner.tick(), "the late one");
    assertEquals("timeout late", notes("k1").get(2));
    assertEquals(2, runner.stats().timeoutsFired());
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void aRecoveredInstanceFiresItsTimeoutsSeparatelyEachWhenDue() {
    ping(runner, "k1", "note after:late:600 after:early:60");
    runner.close();
    SagaRunner<ScriptedSaga.Flow> restarted = runner(Observer.NONE);
    restarted.recover();
    delivered = GlobalPosition.START;
    deliver(restarted); // the replay after the restart

    clock.advance(Duration.ofSeconds(60));
    assertEquals(1, restarted.tick(), "the early one");
    clock.advance(Duration.ofSeconds(540));
    assertEquals(1, restarted.tick(), "the late one");
    assertEquals(List.of("timeout early", "timeout late"), notes("k1").subList(1, 3));
  }

  @Test
  void aDueTimeoutOfAnInstanceThatCompletedMeanwhileIsNeitherFiredNorCounted() {
    assertSecondTimeoutIgnored(runner);
  }

  @Test
  void aDueTimeoutOfAnInstanceThatCompletedMeanwhileIsNeitherFiredNorCountedWhenObserved() {
    RecordingObserver observer = new RecordingObserver();
    assertSecondTimeoutIgnored(runner(observer));
    assertEquals(List.of("sagaTimeoutFired scripted"), observer.of("sagaTimeoutFired"));
  }

  private void assertSecondTimeoutIgnored(SagaRunner<ScriptedSaga.Flow> sagas) {
    saga.onTimeout.put("a", "note complete");
    ping(sagas, "k1", "note after:a:60 after:b:60");
    clock.advance(Duration.ofSeconds(60));

    assertEquals(1, sagas.tick(), "a fired and completed the saga, which cancelled b");
    assertEquals(new SagaStats(2, 1, 0, 0, 0, 1), sagas.stats());
    assertEquals(List.of("ping note after:a:60 after:b:60", "timeout a"), notes("k1"));
  }

  @Test
  void aTimeoutThatAnotherRunnerFiredIsNotFiredOrCountedAgain() {
    saga.onTimeout.put("t", "note after:again:60");
    ping(runner, "k1", "note after:t:60");
    ManualClock later = ManualClock.create();
    SagaRunner<ScriptedSaga.Flow> other =
        SagaRunner.builder(store, saga, services).clock(later).build();
    delivered = GlobalPosition.START;
    deliver(other); // a duplicate there; it now holds the instance, timeout pending
    clock.advance(Duration.ofSeconds(60));
    assertEquals(1, runner.tick());

    // by its own clock, the step it decides differs (another due instant), so its append is no
    // idempotent retry of the one stored: it fails, and the stream shows the timeout fired
    later.advance(Duration.ofSeconds(61));
    assertEquals(0, other.tick());
    assertEquals(0, other.stats().timeoutsFired());
    assertEquals(2, other.stats().duplicates());
    assertEquals(List.of("ping note after:t:60", "timeout t"), notes("k1"));
  }

  @Test
  void aTimeoutCancelledByNameNeverFires() {
    ping(runner, "k1", "note after:t:60 after:u:120");
    ping(runner, "k1", "cancel:t");
    assertEquals(List.of("u"), names(runner.instance("k1").pendingTimeouts()));

    clock.advance(Duration.ofSeconds(60));
    assertEquals(0, runner.tick());
    clock.advance(Duration.ofSeconds(60));
    assertEquals(1, runner.tick());
    assertEquals(List.of("timeout u"), notes("k1").subList(1, notes("k1").size()));
  }

  @Test
  void aTickThatFailsOnSomeInstancesDoesTheOthersWorkThenThrowsTheFirstFailure() {
    saga.onTimeout.put("broken", "throw");
    ping(runner, "a", "note after:broken:60");
    ping(runner, "b", "note after:broken:60");
    ping(runner, "c", "note after:fine:60");
    clock.advance(Duration.ofSeconds(60));

    RuntimeException e = assertThrows(RuntimeException.class, runner::tick);
    assertTrue(String.valueOf(e.getMessage()).contains("timeout broken of a failed"),
        e.getMessage());
    assertEquals(1, runner.stats().timeoutsFired(), "c's timeout fired");
    assertEquals(List.of("a", "b"), runner.openInstances());
  }

  @Test
  void eachRejectedCommandOfAnInstanceIsReactedToOnce() {
    services.answer("A", "no").answer("B", "no");
    ping(runner, "k1", "note cmd:A cmd:B");

    assertEquals(List.of("rejected A: no A", "rejected B: no B"),
        notes("k1").subList(1, notes("k1").size()));
    assertEquals(2, runner.stats().commandsRejected());
    assertEquals(List.of(), runner.openInstances());
  }

  @Test
  void eachStepsMarkerNamesItsTrigger() {
    services.answer("A", "no");
    ping(runner, "k1", "note cmd:A after:t:60");
    clock.advance(Duration.ofSeconds(60));
    runner.tick();

    List<String> triggers = new ArrayList<>();
    for (Object payload : SagaHarness.payloads(store, runner.instance("k1").stream())) {
      if (payload instanceof SagaEvent.StepTaken) {
        triggers.add(((SagaEvent.StepTaken) payload).trigger());
      }
    }
    assertEquals(3, triggers.size(), triggers.toString());
    assertTrue(triggers.get(0).contains("ping-k1@1"), triggers.get(0));
    assertTrue(triggers.get(1).startsWith("rejected Cmd: no A"), triggers.get(1));
    assertTrue(triggers.get(2).startsWith("timeout t due "), triggers.get(2));
  }

  @Test
  void anInstanceHasPendingWorkWhileACommandOrATimeoutIsPending() {
    services.answer("A", "fail");
    ping(runner, "commands", "note cmd:A");
    ping(runner, "timeouts", "note after:t:60");
    ping(runner, "done", "note complete");

    assertTrue(runner.instance("commands").hasPendingWork());
    assertTrue(runner.instance("timeouts").hasPendingWork());
    assertFalse(runner.instance("done").hasPendingWork());
    List<Boolean> pending = new ArrayList<>();
    runner.openInstanceViews().forEach(view -> pending.add(view.hasPendingWork()));
    assertEquals(List.of(true, true), pending);
  }

  @Test
  void byDefaultAnEventBelongsToTheInstanceOfItsCorrelationId() {
    SagaRunner<ScriptedSaga.Flow> correlated =
        SagaRunner.builder(store, new ScriptedSaga(true), services).clock(clock).build();
    ScriptedSaga.ping(store, "payload-key", "note", Metadata.empty().withCorrelationId("order-7"));
    deliver(correlated);

    assertEquals(List.of("ping note"), correlated.instance("order-7").state().notes());
    assertEquals(Version.NONE, correlated.instance("payload-key").version());
    assertEquals(StreamId.of("saga_scripted", "order-7"), correlated.instance("order-7").stream());
  }

  private static List<String> names(List<SagaEvent.TimeoutScheduled> timeouts) {
    List<String> names = new ArrayList<>();
    timeouts.forEach(timeout -> names.add(timeout.name()));
    return names;
  }
}
