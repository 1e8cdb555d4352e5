package dev.eventcore.saga;

import static dev.eventcore.saga.SagaHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthChecks;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every component that starts a thread takes it from the host's {@link ThreadFactory}: the
 * projection runner's supervisors, the saga runner's timer and workers, the health checker's pool.
 * (On Java 21, {@code Thread.ofVirtual().factory()} is such a factory.)
 */
class HostThreadFactoryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A factory that counts and remembers the threads it makes. */
  static final class CountingFactory implements ThreadFactory {
    final Set<Thread> made = ConcurrentHashMap.newKeySet();
    final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "host-" + count.incrementAndGet());
      thread.setDaemon(true);
      made.add(thread);
      return thread;
    }
  }

  @Test
  void aProjectionRunnerSupervisesOnTheHostsThreads() throws Exception {
    CountingFactory host = new CountingFactory();
    try (InMemoryEventStore store = new InMemoryEventStore();
        ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
            .threadFactory(host).build()) {
      runner.register(Projection.of("counted", event -> { }));
      runner.start("counted");
      AppendResult written = store.append(StreamId.of("order-1"), ExpectedVersion.any(),
          List.of(EventData.of("placed")));
      assertTrue(runner.awaitPosition("counted", written.lastPosition(), WAIT));
      assertEquals(1, host.count.get(), "one supervisor thread for the one projection");
      assertTrue(host.made.iterator().next().isAlive(), "the host's thread supervises it");
    }
  }

  @Test
  void aSagaRunnerTicksAndDispatchesOnTheHostsThreads() throws Exception {
    CountingFactory host = new CountingFactory();
    EventStore store = new InMemoryEventStore(SagaHarness.TYPES);
    InStepServices services = new InStepServices(store);
    services.afterCommit.add("b1"); // dispatched after commit, on a worker
    AtomicReference<Thread> dispatchedOn = new AtomicReference<>();
    CommandDispatcher recording = command -> {
      dispatchedOn.compareAndSet(null, Thread.currentThread());
      return services.dispatch(command);
    };
    request(store, "b1");
    try (SagaRunner<Booking.State> sagas = SagaRunner.builder(store, new Booking(), recording)
        .clock(ManualClock.create()).concurrency(2).threadFactory(host).build()) {
      sagas.start();
      sagas.handle(store.readAll(GlobalPosition.START, 1).get(0));
      sagas.tick(); // waits for the work handed to the workers
      assertTrue(host.made.contains(dispatchedOn.get()),
          "dispatched on " + dispatchedOn.get() + ", not on one of " + host.made);
      assertTrue(host.count.get() >= 2, "the timer and at least one worker: " + host.made);
    }
  }

  @Test
  void healthChecksRunOnTheHostsThreads() {
    CountingFactory host = new CountingFactory();
    AtomicReference<Thread> checkedOn = new AtomicReference<>();
    HealthChecks checks = HealthChecks.builder()
        .check("probe", now -> {
          checkedOn.set(Thread.currentThread());
          return Health.up("probe", now);
        })
        .threadFactory(host)
        .build();
    checks.check();
    assertTrue(host.made.contains(checkedOn.get()), "checked on " + checkedOn.get());
  }

  @Test
  void aFactoryThatReturnsNoThreadIsNamedInTheFailure() {
    try (InMemoryEventStore store = new InMemoryEventStore();
        ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
            .threadFactory(task -> null).build()) {
      runner.register(Projection.of("orphan", event -> { }));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> runner.start("orphan"));
      assertTrue(e.getMessage().contains("threadFactory returned null"), e.getMessage());
    }
  }

  @Test
  void aNullFactoryIsRefusedByEveryBuilder() {
    InMemoryEventStore store = new InMemoryEventStore(SagaHarness.TYPES);
    assertThrows(NullPointerException.class, () -> ProjectionRunner.builder(store,
        new InMemoryCheckpointStore()).threadFactory(null));
    assertThrows(NullPointerException.class, () -> SagaRunner.builder(store, new Booking(),
        new InStepServices(store)).threadFactory(null));
    assertThrows(NullPointerException.class, () -> HealthChecks.builder().threadFactory(null));
  }
}
