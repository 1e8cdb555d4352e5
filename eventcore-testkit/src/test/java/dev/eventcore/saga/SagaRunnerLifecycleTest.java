package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A runner's life: its workers and timer once started, what it recovers, what close leaves, and
 * the bounds of its options.
 */
class SagaRunnerLifecycleTest {
  final EventStore store = new InMemoryEventStore(ScriptedSaga.TYPES);
  final ManualClock clock = ManualClock.create();
  final ScriptedSaga saga = new ScriptedSaga();
  final ScriptedServices services = new ScriptedServices(store);

  SagaRunner.Builder<ScriptedSaga.Flow, ScriptedSaga.Noted> builder(CommandDispatcher dispatcher) {
    return SagaRunner.builder(store, saga, dispatcher).clock(clock);
  }

  RecordedEvent<?> ping(String key, String script) {
    ScriptedSaga.ping(store, key, script);
    List<RecordedEvent<?>> pings = store.readStream(StreamId.of("ping", key));
    return pings.get(pings.size() - 1);
  }

  static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  @Test
  void aStartedRunnerDispatchesTheOutboxOfAHandledEventOnAWorkerWithoutATick()
      throws InterruptedException {
    try (SagaRunner<ScriptedSaga.Flow> runner =
        builder(services).tickInterval(Duration.ofHours(1)).build()) {
      runner.start();
      runner.handle(ping("k1", "note cmd:A"));

      assertTrue(within(Duration.ofSeconds(10), () -> services.accepted.contains("A")));
      assertEquals(1, runner.tick(), "the worker's dispatch, reported by the next tick");
      assertEquals(0, runner.tick());
    }
  }

  @Test
  void aStartedRunnersTimerDispatchesWhatAnEarlierRunnerLeftPendingAndTickReportsIt()
      throws InterruptedException {
    services.answer("A", "fail");
    try (SagaRunner<ScriptedSaga.Flow> crashed = builder(services).build()) {
      crashed.handle(ping("k1", "note cmd:A"));
      assertEquals(List.of("k1"), crashed.openInstances());
    }

    try (SagaRunner<ScriptedSaga.Flow> runner =
        builder(services).tickInterval(Duration.ofMillis(10)).build()) {
      runner.start(); // recovers k1, whose command its timer retries on a worker
      assertTrue(within(Duration.ofSeconds(10), () -> services.accepted.contains("A")));
      int[] reported = {0};
      assertTrue(within(Duration.ofSeconds(10), () -> (reported[0] += runner.tick()) == 1),
          "the timer's dispatch is reported by a tick: " + reported[0]);
      assertEquals(List.of(), runner.openInstances());
    }
  }

  @Test
  void aStartedRunnerRunsItsTimerAndAsManyWorkersAsItsConcurrency() throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    try (SagaRunner<ScriptedSaga.Flow> runner = builder(services)
        .tickInterval(Duration.ofHours(1)).concurrency(2).threadFactory(work -> {
          made.incrementAndGet();
          Thread thread = new Thread(work);
          thread.setDaemon(true);
          return thread;
        }).build()) {
      runner.start();
      for (int i = 0; i < 20; i++) { // instances enough to keep every worker busy
        runner.handle(ping("k" + i, "note cmd:A"));
      }
      assertTrue(within(Duration.ofSeconds(10), () -> services.accepted.size() == 20));
      assertEquals(3, made.get(), "the timer and two workers");
    }
  }

  @Test
  void closeKeepsTheInterruptOfAThreadInterruptedWhileItWaitsForTheWorkers() throws Exception {
    CountDownLatch dispatching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommandDispatcher slow = command -> {
      dispatching.countDown();
      release.await(10, TimeUnit.SECONDS);
      return CommandDispatcher.Outcome.accepted();
    };
    SagaRunner<ScriptedSaga.Flow> runner =
        builder(slow).tickInterval(Duration.ofHours(1)).build();
    runner.start();
    runner.handle(ping("k1", "note cmd:A"));
    assertTrue(dispatching.await(10, TimeUnit.SECONDS));

    Thread.currentThread().interrupt();
    runner.close();
    boolean interrupted = Thread.interrupted();
    release.countDown();
    assertTrue(interrupted, "close gave up waiting, and says why");
  }

  @Test
  void aDeletedInstanceIsNotRecovered() {
    try (SagaRunner<ScriptedSaga.Flow> first = builder(services).build()) {
      first.handle(ping("gone", "note after:t:60"));
      first.handle(ping("kept", "note after:t:60"));
    }
    store.deleteStream(StreamId.of("saga_scripted", "gone"), ExpectedVersion.any());

    try (SagaRunner<ScriptedSaga.Flow> restarted = builder(services).build()) {
      restarted.recover();
      assertEquals(List.of("kept"), restarted.openInstances());
    }
  }

  @Test
  void theOptionsAcceptTheirBoundsAndRefuseWhatLiesBeyond() {
    SagaRunner.Builder<ScriptedSaga.Flow, ScriptedSaga.Noted> builder = builder(services);
    assertDoesNotThrow(() -> builder.concurrency(1).concurrency(64));
    assertThrows(IllegalArgumentException.class, () -> builder.concurrency(0));
    assertThrows(IllegalArgumentException.class, () -> builder.concurrency(65));
    assertDoesNotThrow(() -> builder.tickInterval(Duration.ofMillis(1)));
    assertDoesNotThrow(() -> builder.tickInterval(Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class,
        () -> builder.tickInterval(Duration.ofMillis(1).minusNanos(1)));
    assertThrows(IllegalArgumentException.class,
        () -> builder.tickInterval(Duration.ofHours(1).plusNanos(1)));

    String longest = "t".repeat(100);
    assertEquals(longest, new SagaStep.Timeout(longest, Duration.ZERO).name());
    assertEquals(List.of(longest), SagaStep.none().cancel(longest).cancelledTimeouts());
    assertThrows(IllegalArgumentException.class, () -> SagaStep.none().cancel(longest + "t"));
    assertThrows(IllegalArgumentException.class, () -> SagaStep.none().cancel(""));
  }
}
