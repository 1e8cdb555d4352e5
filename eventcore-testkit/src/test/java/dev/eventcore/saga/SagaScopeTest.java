package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ScopeRecorder;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A saga's steps and dispatches run in scopes caused by what triggered them: the event, the step
 * that issued a command (in memory, or as stored after a restart), the step that set a timeout.
 */
class SagaScopeTest {
  private final ScopeRecorder recorder = new ScopeRecorder();
  private final InMemoryEventStore store = new InMemoryEventStore(
      SagaRunnerTest.TYPES, StoreLimits.defaults(), java.time.Clock.systemUTC(), recorder);
  private final ManualClock clock = ManualClock.create();
  private GlobalPosition delivered = GlobalPosition.START;

  private SagaRunner<Booking.State> runner(BookingServices services) {
    return SagaRunner.builder(store, new Booking(), services).clock(clock).observer(recorder)
        .build();
  }

  private void request(String key) {
    try (Observer.Scope request = recorder.start(WorkKind.COMMAND, "request", Metadata.empty())) {
      store.append(StreamId.of("request", key), ExpectedVersion.noStream(),
          List.of(EventData.of(new Booking.Requested(key))));
    }
  }

  private void deliver(SagaRunner<Booking.State> runner) {
    List<RecordedEvent<?>> page;
    while (!(page = store.readAll(delivered, 1_000)).isEmpty()) {
      for (RecordedEvent<?> event : page) {
        runner.handle(event);
        delivered = event.position();
      }
    }
  }

  /** The causes of the scopes of {@code kind}, in order. */
  private List<String> causes(WorkKind kind) {
    List<String> causes = new ArrayList<>();
    for (String line : recorder.of("start " + kind + " ")) {
      causes.add(line.substring(line.indexOf("<- ") + 3));
    }
    return causes;
  }

  /** The id of the {@code n}th scope of {@code kind} started. */
  private String id(WorkKind kind, int n) {
    return recorder.started.stream().filter(id -> id.startsWith(kind + "#")).toList().get(n);
  }

  @Test
  void eachStepAndDispatchContinuesWhatCausedIt() {
    SagaRunner<Booking.State> runner = runner(new BookingServices(store, 1, 0.0));
    request("b1");
    deliver(runner);

    // request -> step -> dispatch -> (the service's answer) -> step -> dispatch -> ... -> step
    assertEquals(List.of("COMMAND#1", id(WorkKind.DISPATCH, 0), id(WorkKind.DISPATCH, 1),
        id(WorkKind.DISPATCH, 2)), causes(WorkKind.SAGA_STEP));
    assertEquals(List.of(id(WorkKind.SAGA_STEP, 0), id(WorkKind.SAGA_STEP, 1),
        id(WorkKind.SAGA_STEP, 2)), causes(WorkKind.DISPATCH));
    // every event written on the way carries the scope it was written in
    for (RecordedEvent<?> event : store.readAll(GlobalPosition.START, 1_000)) {
      assertTrue(event.metadata().get(ScopeRecorder.KEY).isPresent(), event.describe());
    }
  }

  @Test
  void aCommandDispatchedAfterARestartContinuesTheStepAsStored() {
    SagaRunner<Booking.State> first = runner(new BookingServices(store, 1, 1.0)); // always fails
    request("b1");
    deliver(first);
    String step = id(WorkKind.SAGA_STEP, 0);
    assertEquals(List.of(step), causes(WorkKind.DISPATCH));

    SagaRunner<Booking.State> second = runner(new BookingServices(store, 1, 0.0));
    second.recover();
    second.tick();
    assertEquals(List.of(step, step), causes(WorkKind.DISPATCH));
  }

  @Test
  void aTimeoutContinuesTheStepThatSetIt() {
    BookingServices services = new BookingServices(store, 1, 0.0);
    services.hangStep3.add("b1");
    SagaRunner<Booking.State> runner = runner(services);
    request("b1");
    deliver(runner);
    clock.advance(Booking.DEADLINE);
    runner.tick();

    List<String> causes = causes(WorkKind.SAGA_STEP);
    assertEquals(id(WorkKind.SAGA_STEP, 0), causes.get(causes.size() - 1));
    assertEquals(1, runner.stats().timeoutsFired());
  }
}
