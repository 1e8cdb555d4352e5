package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.done;
import static dev.eventcore.saga.SagaHarness.payloads;
import static dev.eventcore.saga.SagaHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.ManualClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * No lock is held around a user callback or the store where others wait: while an after-commit
 * dispatch hangs, the same instance takes its next step, other instances are dispatched by {@code
 * tick()}, and readers answer (the instance's next command waits for the hanging one's outcome);
 * {@code close()} does not wait for a {@code start()} still reading the store. Real threads and latches: every
 * call that must not wait runs on another thread and has a minute to return, far beyond any
 * scheduling delay, so only a real wait for the dispatch fails it.
 */
class SagaRunnerLocksTest {
  private static final long PATIENCE_SECONDS = 60;

  private final EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
  private final InStepServices services = new InStepServices(store);
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> order = new CopyOnWriteArrayList<>();

  /** Dispatches "slow" commands after commit, the first of them held until released. */
  private final CommandDispatcher gated = new CommandDispatcher() {
    @Override
    public Outcome dispatch(SagaCommand command) throws Exception {
      if (((Booking.Cmd) command.command()).key().equals("slow")) {
        entered.countDown();
        release.await();
      }
      Outcome outcome = services.dispatch(command);
      order.add(command.command().toString()); // once done: a failed dispatch is not listed
      return outcome;
    }

    @Override
    public Optional<List<StreamAppend>> decideInStep(
        SagaCommand command) {
      return services.decideInStep(command);
    }
  };

  /** The last event in the log whose payload is {@code payload}. */
  private RecordedEvent<?> last(Object payload) {
    List<RecordedEvent<?>> log = store.readAll(GlobalPosition.START, 1_000);
    for (int i = log.size() - 1; i >= 0; i--) {
      if (log.get(i).payload().equals(payload)) {
        return log.get(i);
      }
    }
    throw new AssertionError("no " + payload + " in the log");
  }

  private static <T> T within(Supplier<T> call) throws Exception {
    return CompletableFuture.supplyAsync(call).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aHangingDispatchBlocksNeitherItsInstancesNextStepNorTickNorReaders() throws Exception {
    services.afterCommit.add("slow");
    services.afterCommit.add("other");
    request(store, "slow");
    SagaRunner<Booking.State> sagas = SagaRunner.builder(store, new Booking(), gated)
        .clock(ManualClock.create()).build(); // not started: dispatch runs on the caller
    RecordedEvent<?> slowRequest = store.readAll(GlobalPosition.START, 1).get(0);
    CompletableFuture<Void> hanging = CompletableFuture.runAsync(() -> sagas.handle(slowRequest));
    assertTrue(entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the dispatch started");

    assertEquals(List.of("slow"), within(sagas::openInstances));
    assertEquals(1, within(sagas::openInstanceViews).size());
    assertEquals(1, within(sagas::stats).steps());

    // an answer to the same instance arrives meanwhile: its step is taken and durable
    store.append(StreamId.of("answers", "slow"), ExpectedVersion.any(),
        List.of(EventData.of(new Booking.StepDone("slow", 1))));
    RecordedEvent<?> answer = last(new Booking.StepDone("slow", 1));
    within(() -> {
      sagas.handle(answer);
      return null;
    });
    assertEquals(1, sagas.instance("slow").state().done(), "the answer's step is in the stream");

    // another instance's command, left pending, is dispatched by a tick meanwhile
    services.down = true;
    request(store, "other");
    sagas.handle(last(new Booking.Requested("other"))); // its dispatch fails: left pending
    services.down = false;
    assertEquals(1, within(sagas::tick), "tick dispatched the other instance's command");
    assertEquals(done("other", 1), payloads(store, InStepServices.ledger("other")));
    assertEquals(List.of(), payloads(store, InStepServices.ledger("slow")), "still hanging");

    release.countDown();
    hanging.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    assertEquals(List.of("Do[key=other, step=1]", "Do[key=slow, step=1]", "Do[key=slow, step=2]"),
        order, "the instance's next command went out only after the first one's outcome");
    assertEquals(done("slow", 1, 2), payloads(store, InStepServices.ledger("slow")));
  }

  @Test
  void onAStartedRunnerTheProjectionThreadIsNotHeldByAHangingDispatch() throws Exception {
    services.afterCommit.add("slow");
    request(store, "slow");
    try (SagaRunner<Booking.State> sagas = SagaRunner.builder(store, new Booking(), gated)
        .clock(ManualClock.create()).concurrency(1).build()) {
      sagas.start();
      sagas.handle(last(new Booking.Requested("slow"))); // the dispatch hangs on the worker
      assertTrue(entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the dispatch started");
      store.append(StreamId.of("answers", "slow"), ExpectedVersion.any(),
          List.of(EventData.of(new Booking.StepDone("slow", 1))));
      RecordedEvent<?> answer = last(new Booking.StepDone("slow", 1));
      within(() -> {
        sagas.handle(answer); // what the saga's projection thread does next
        return null;
      });
      assertEquals(1, sagas.instance("slow").state().done(), "the answer's step is durable");
      release.countDown();
      sagas.tick(); // waits for the worker: the hanging dispatch, then the next command
    }
    assertEquals(done("slow", 1, 2), payloads(store, InStepServices.ledger("slow")));
  }

  @Test
  void closeDoesNotWaitForAStartThatIsStillRecovering() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    EventStore slowScan = new ForwardingEventStore(store) {
      @Override
      public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
        reading.countDown();
        try {
          proceed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.readAll(after, maxCount, filter);
      }
    };
    AtomicInteger threads = new AtomicInteger();
    SagaRunner<Booking.State> sagas = SagaRunner.builder(slowScan, new Booking(), services)
        .threadFactory(task -> {
          threads.incrementAndGet();
          Thread thread = new Thread(task);
          thread.setDaemon(true);
          return thread;
        })
        .build();
    CompletableFuture<Void> starting = CompletableFuture.runAsync(sagas::start);
    assertTrue(reading.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "recovery is reading");

    within(() -> {
      sagas.close();
      return null;
    });
    proceed.countDown();
    starting.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    assertEquals(0, threads.get(), "a start that recovered across a close() starts nothing");
  }
}
