package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.count;
import static dev.eventcore.saga.SagaHarness.done;
import static dev.eventcore.saga.SagaHarness.payloads;
import static dev.eventcore.saga.SagaHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A started runner: steps on the caller's thread, dispatch and ticks on partitioned workers. */
class ConcurrentSagaRunnerTest {
  static final int BOOKINGS = 120;
  /** How long a test waits for something that must happen before it calls it a hang. */
  static final long PATIENCE_SECONDS = 60;

  final EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
  final ManualClock clock = ManualClock.create();
  final InStepServices services = new InStepServices(store);

  SagaRunner<Booking.State> runner(CommandDispatcher dispatcher) {
    return SagaRunner.builder(store, new Booking(), dispatcher).clock(clock)
        .tickInterval(Duration.ofMillis(5)).concurrency(4).build();
  }

  @Test
  void manyInstancesRunConcurrentlyEachWithItsCommandsInOrder() throws Exception {
    for (int i = 0; i < BOOKINGS; i += 2) {
      services.afterCommit.add("b" + i); // half of them dispatched after commit, on the workers
    }
    try (SagaRunner<Booking.State> sagas = runner(services);
        ProjectionRunner projections =
            ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      sagas.start();
      projections.register(sagas.projection());
      projections.start("saga-booking");
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        clients.add(new Thread(() -> {
          for (int i = first; i < BOOKINGS; i += 4) {
            request(store, "b" + i);
          }
        }));
      }
      clients.forEach(Thread::start);
      for (Thread client : clients) {
        client.join();
      }
      awaitCompleted(sagas, BOOKINGS);
    }
    for (int i = 0; i < BOOKINGS; i++) {
      String key = "b" + i;
      assertEquals(done(key, 1, 2, 3), payloads(store, InStepServices.ledger(key)), key);
      assertEquals(4, count(store, SagaRunner.builder(store, new Booking(), services).build()
          .instance(key).stream(), SagaEvent.StepTaken.class), key + ": each trigger once");
    }
  }

  @Test
  void callersOnSeveralThreadsDriveDifferentInstancesAtOnce() throws Exception {
    for (int i = 0; i < BOOKINGS; i++) {
      request(store, "b" + i);
    }
    List<RecordedEvent<?>> requests = store.readAll(GlobalPosition.START, 1_000);
    try (SagaRunner<Booking.State> sagas = runner(services)) {
      sagas.start();
      List<CompletableFuture<Void>> callers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        callers.add(CompletableFuture.runAsync(() -> {
          for (int i = first; i < requests.size(); i += 4) {
            sagas.handle(requests.get(i));
          }
        }));
      }
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new))
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      for (int i = 0; i < BOOKINGS; i++) {
        assertEquals(done("b" + i, 1), payloads(store, InStepServices.ledger("b" + i)));
      }
    }
  }

  @Test
  void openInstancesStatsAndOtherInstancesDoNotWaitForASlowDispatch() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommandDispatcher slow = new CommandDispatcher() {
      @Override
      public Outcome dispatch(SagaCommand command) throws Exception {
        entered.countDown();
        release.await();
        return services.dispatch(command);
      }

      @Override
      public java.util.Optional<List<dev.eventcore.StreamAppend>> decideInStep(
          SagaCommand command) {
        return ((Booking.Cmd) command.command()).key().equals("slow")
            ? java.util.Optional.empty() : services.decideInStep(command);
      }
    };
    request(store, "slow");
    request(store, "fast");
    List<RecordedEvent<?>> requests = store.readAll(GlobalPosition.START, 10);
    try (SagaRunner<Booking.State> sagas = runner(slow)) {
      sagas.start();
      sagas.handle(requests.get(0)); // returns once the step is durable; dispatch goes on
      assertTrue(entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "the dispatch started");

      assertEquals(List.of("slow"), CompletableFuture.supplyAsync(sagas::openInstances)
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS));
      assertEquals(1, CompletableFuture.supplyAsync(sagas::stats)
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS).steps());
      CompletableFuture.runAsync(() -> sagas.handle(requests.get(1)))
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      assertEquals(done("fast", 1), payloads(store, InStepServices.ledger("fast")));
      assertEquals(List.of(), payloads(store, InStepServices.ledger("slow")), "still blocked");
      release.countDown();
    }
    assertEquals(done("slow", 1), payloads(store, InStepServices.ledger("slow")));
  }

  @Test
  void closeWaitsForTheDispatchInFlightAndLaterCallsRunOnTheCaller() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    services.afterCommit.add("b1");
    services.afterCommit.add("b2");
    CommandDispatcher gated = command -> {
      entered.countDown();
      release.await();
      return services.dispatch(command);
    };
    request(store, "b1");
    SagaRunner<Booking.State> sagas = runner(gated);
    sagas.start();
    sagas.handle(store.readAll(GlobalPosition.START, 1).get(0));
    assertTrue(entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS));

    CompletableFuture<Void> closing = CompletableFuture.runAsync(sagas::close);
    release.countDown();
    closing.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    assertEquals(done("b1", 1), payloads(store, InStepServices.ledger("b1")));
    assertEquals(List.of(), sagas.instance("b1").pendingCommands(), "its marker was written");

    request(store, "b2");
    RecordedEvent<?> second = store.readAll(GlobalPosition.START, 1_000).stream()
        .filter(event -> event.payload().equals(new Booking.Requested("b2"))).findFirst()
        .orElseThrow();
    sagas.handle(second); // closed: the dispatch runs on this thread before handle returns
    assertEquals(done("b2", 1), payloads(store, InStepServices.ledger("b2")));
  }

  @Test
  void aDueTimeoutWaitsForAnAnswerAlreadyInTheStoreEvenWithWorkers() throws Exception {
    services.afterCommit.add("b1");
    services.down = true; // the answer comes from elsewhere, late
    request(store, "b1");
    try (SagaRunner<Booking.State> sagas = runner(services)) {
      sagas.start();
      sagas.handle(store.readAll(GlobalPosition.START, 1).get(0));
      store.append(dev.eventcore.StreamId.of("answers", "b1"),
          dev.eventcore.ExpectedVersion.any(),
          List.of(dev.eventcore.EventData.of(new Booking.StepDone("b1", 1))));
      clock.advance(Booking.DEADLINE.plusSeconds(1)); // due, with the timer ticking meanwhile
      sagas.tick();
      assertEquals(0, sagas.stats().timeoutsFired(), "an answer in the store is not handled yet");

      RecordedEvent<?> answer = store.readAll(GlobalPosition.START, 1_000).stream()
          .filter(event -> event.payload() instanceof Booking.StepDone).findFirst().orElseThrow();
      sagas.handle(answer);
      sagas.tick();
      assertEquals(1, sagas.stats().timeoutsFired());
      SagaInstance<Booking.State> instance = sagas.instance("b1");
      assertTrue(instance.completed());
      assertEquals(1, instance.state().done(), "the answer was handled before the timeout");
      assertEquals("timed out", instance.state().outcome());
    }
  }

  private void awaitCompleted(SagaRunner<Booking.State> sagas, int bookings)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    for (int i = 0; i < bookings; i++) {
      while (!sagas.instance("b" + i).completed()) {
        assertTrue(System.nanoTime() < deadline, "b" + i + " did not complete: " + sagas.stats());
        Thread.sleep(10);
      }
    }
  }
}
