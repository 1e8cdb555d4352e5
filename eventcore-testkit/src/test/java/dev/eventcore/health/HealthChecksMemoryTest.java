package dev.eventcore.health;

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
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.saga.CommandDispatcher;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.ManualClock;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each component turns DEGRADED or DOWN for a real cause, on the in-memory store. */
class HealthChecksMemoryTest {
  private static final RetryPolicy ONCE = RetryPolicy.noRetry();

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final ProjectionRunner runner = ProjectionRunner.builder(store,
      new InMemoryCheckpointStore()).sleeper(d -> { }).tick(Duration.ofMillis(20)).build();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    runner.close();
    store.close();
  }

  private void note(String text) {
    store.append(StreamId.of("note", text), ExpectedVersion.any(),
        List.of(EventData.of(new ContractEvent.Noted(text))));
  }

  private static Health eventually(HealthStatus status, Supplier<Health> part)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Health health = part.get();
    while (health.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(10);
      health = part.get();
    }
    assertEquals(status, health.status(), health.toText());
    return health;
  }

  @Test
  void aFailingProjectionIsDownWithItsLastError() throws Exception {
    runner.register(Projection.of("fails", event -> {
      throw new IllegalStateException("no room for " + event.payload());
    }), ErrorPolicy.retryThenStop(ONCE));
    runner.register(Projection.of("fine", event -> { }));
    runner.startAll();
    HealthChecks health = HealthChecks.builder().store(store).projections(runner).build();
    assertEquals(HealthStatus.UP, health.check().status(), () -> health.check().toText());
    note("a");

    Health fails = eventually(HealthStatus.DOWN,
        () -> health.check().child("projections").orElseThrow().child("fails").orElseThrow());
    assertEquals("FAILED", fails.detail("state").orElseThrow());
    String error = (String) fails.detail("lastError").orElseThrow();
    assertTrue(error.contains("no room for Noted[text=a]"), error);
    assertTrue(fails.reason().orElseThrow()
        .startsWith("failed: projection fails stopped at event note-a@1"), fails.reason().get());
    Health report = health.check();
    assertEquals(HealthStatus.DOWN, report.status());
    assertEquals(HealthStatus.UP, report.child("store").orElseThrow().status());
    eventually(HealthStatus.UP,
        () -> health.check().child("projections").orElseThrow().child("fine").orElseThrow());
  }

  @Test
  void aProjectionBehindByMoreEventsOrTimeThanAllowedIsDegraded() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    runner.register(Projection.of("slow", event -> {
      blocked.countDown();
      release.await();
    }));
    runner.start("slow");
    HealthChecks byEvents = HealthChecks.builder().projections(runner)
        .thresholds(HealthThresholds.defaults().withProjectionLag(2, Duration.ofHours(1)))
        .build();
    HealthChecks byTime = HealthChecks.builder().projections(runner)
        .thresholds(HealthThresholds.defaults().withProjectionLag(1_000, Duration.ofMillis(200)))
        .build();
    note("first");
    assertTrue(blocked.await(10, TimeUnit.SECONDS));
    assertEquals(HealthStatus.UP, byEvents.check().status(), () -> byEvents.check().toText());
    for (int i = 0; i < 3; i++) {
      note("more-" + i);
    }
    Health slow = eventually(HealthStatus.DEGRADED,
        () -> byEvents.check().child("projections").orElseThrow().child("slow").orElseThrow());
    assertTrue(slow.reason().orElseThrow().contains("events behind (more than 2)"), slow.toText());
    Health old = eventually(HealthStatus.DEGRADED,
        () -> byTime.check().child("projections").orElseThrow().child("slow").orElseThrow());
    assertTrue(old.reason().orElseThrow().contains("more than 200 ms"), old.toText());

    release.countDown();
    eventually(HealthStatus.UP, byEvents::check);
  }

  @Test
  void aPausedOrStoppedProjectionIsDegraded() throws Exception {
    runner.register(Projection.of("p", event -> { }));
    HealthChecks health = HealthChecks.builder().projections(runner).build();
    Health stopped = health.check().child("projections").orElseThrow().child("p").orElseThrow();
    assertEquals(HealthStatus.DEGRADED, stopped.status());
    assertEquals("stopped: applies no events", stopped.reason().orElseThrow());
    runner.start("p");
    eventually(HealthStatus.UP, health::check);
    runner.pause("p");
    assertEquals("paused: applies no events", health.check().child("projections").orElseThrow()
        .child("p").orElseThrow().reason().orElseThrow());
  }

  @Test
  void deadLettersBeyondTheThresholdDegradeTheirProjection() throws Exception {
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    runner.register(Projection.of("picky", event -> {
      if (((ContractEvent.Noted) event.payload()).text().startsWith("bad")) {
        throw new IllegalArgumentException("cannot handle it");
      }
    }), ErrorPolicy.retryThenDeadLetter(ONCE, deadLetters));
    runner.start("picky");
    HealthChecks health = HealthChecks.builder().projections(runner)
        .deadLetters(deadLetters, List.of("picky", "other")).build();
    HealthChecks tolerant = HealthChecks.builder().deadLetters(deadLetters, List.of("picky"))
        .thresholds(HealthThresholds.defaults().withDeadLetters(1)).build();
    note("good");
    note("bad-1");
    Health picky = eventually(HealthStatus.DEGRADED,
        () -> health.check().child("dead-letters").orElseThrow().child("picky").orElseThrow());
    assertEquals(1L, picky.detail("count").orElseThrow());
    assertEquals(0L, picky.detail("undecodable").orElseThrow());
    assertEquals(HealthStatus.UP, health.check().child("dead-letters").orElseThrow()
        .child("other").orElseThrow().status());
    assertEquals(HealthStatus.UP, tolerant.check().status(), "1 is within a threshold of 1");
    note("bad-2");
    eventually(HealthStatus.DEGRADED, tolerant::check);
    // the projection itself goes on past them
    eventually(HealthStatus.UP,
        () -> health.check().child("projections").orElseThrow().child("picky").orElseThrow());
  }

  @Test
  void anOverdueSagaTimeoutDegradesItsSagaUntilItFires() {
    ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    try (SagaRunner<Boolean> sagas = SagaRunner.builder(store, new Reminders(),
        command -> CommandDispatcher.Outcome.accepted()).clock(clock).build()) {
      HealthChecks health = HealthChecks.builder().sagas(sagas).clock(clock)
          .thresholds(HealthThresholds.defaults().withTimeoutGrace(Duration.ofSeconds(30)))
          .build();
      note("call-bob");
      sagas.handle(store.readAll(dev.eventcore.GlobalPosition.START, 10).get(0));
      Health saga = health.check().child("sagas").orElseThrow().child("reminders").orElseThrow();
      assertEquals(HealthStatus.UP, saga.status(), saga.toText());
      assertEquals(1L, saga.detail("openInstances").orElseThrow());
      assertEquals(1L, saga.detail("pendingTimeouts").orElseThrow());

      clock.advance(Reminders.AFTER.plusSeconds(30)); // due, but within the grace
      assertEquals(HealthStatus.UP, health.check().status());
      clock.advance(Duration.ofSeconds(1)); // nobody ticked: overdue
      saga = health.check().child("sagas").orElseThrow().child("reminders").orElseThrow();
      assertEquals(HealthStatus.DEGRADED, saga.status(), saga.toText());
      assertEquals(1L, saga.detail("overdueTimeouts").orElseThrow());
      assertEquals("call-bob", saga.detail("oldestOverdueInstance").orElseThrow());
      assertEquals("remind", saga.detail("oldestOverdueTimeout").orElseThrow());
      assertEquals(31_000L, saga.detail("oldestOverdueMillis").orElseThrow());

      assertEquals(1, sagas.tick());
      saga = health.check().child("sagas").orElseThrow().child("reminders").orElseThrow();
      assertEquals(HealthStatus.UP, saga.status(), saga.toText());
      assertEquals(0L, saga.detail("openInstances").orElseThrow());
      assertEquals(1L, saga.detail("timeoutsFired").orElseThrow());
    }
  }

  @Test
  void theInMemoryStoreIsDownOnceClosed() {
    HealthChecks health = HealthChecks.builder().store(store).build();
    Health open = health.check().child("store").orElseThrow();
    assertEquals(HealthStatus.UP, open.status());
    note("x");
    assertEquals(1L, health.check().child("store").orElseThrow().detail("events").orElseThrow());
    store.close();
    Health closed = health.check().child("store").orElseThrow();
    assertEquals(HealthStatus.DOWN, closed.status());
    assertEquals("the event store is closed", closed.reason().orElseThrow());
  }

  @Test
  void aStoreWithoutChecksOfItsOwnIsProbedAndDownWhenItFails() {
    EventStore wrapped = new ForwardingEventStore(store);
    HealthChecks health = HealthChecks.builder().store(wrapped).build();
    assertEquals(List.of("store"), health.components());
    assertEquals(HealthStatus.UP, health.check().status());
    store.close();
    Health down = health.check().child("store").orElseThrow();
    assertEquals(HealthStatus.DOWN, down.status());
    assertTrue(down.reason().orElseThrow().contains("closed"), down.toText());
  }

  @Test
  void badInputsOfTheBuilderAndTheStoreSpi() {
    HealthChecks.Builder builder = HealthChecks.builder().store(store);
    assertThrows(IllegalStateException.class, () -> builder.store(store));
    assertThrows(IllegalArgumentException.class,
        () -> HealthChecks.builder().deadLetters(new InMemoryDeadLetterStore(), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> HealthChecks.builder().deadLetters(new InMemoryDeadLetterStore(), List.of(" ")));
    assertThrows(NullPointerException.class,
        () -> HealthChecks.builder().deadLetters(new InMemoryDeadLetterStore(), null));
    assertThrows(NullPointerException.class, () -> store.healthChecks(null));
    StoreHealth noStore = thresholds -> List.of(new StoreHealth.Check("db", now -> null));
    EventStore odd = new OddStore(store, noStore);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> HealthChecks.builder().store(odd).build());
    assertTrue(e.getMessage().contains("the first check must be named 'store'"), e.getMessage());
  }

  /** A store whose own checks are malformed. */
  private static final class OddStore extends ForwardingEventStore implements StoreHealth {
    private final StoreHealth checks;

    OddStore(EventStore delegate, StoreHealth checks) {
      super(delegate);
      this.checks = checks;
    }

    @Override
    public List<Check> healthChecks(HealthThresholds thresholds) {
      return checks.healthChecks(thresholds);
    }
  }

  @Test
  void undecodableDeadLettersAreNamedAsPoisonEvents() {
    InMemoryDeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    note("poison");
    RecordedEvent<?> event = store.readAll(GlobalPosition.START, 1).get(0);
    UndecodableEvent raw = UndecodableEvent.ofObject(event.type(), 1, event.payload(),
        event.metadata(), "the upcaster failed");
    deadLetters.add(new DeadLetter("poisoned", event.position(), event.streamId(),
        event.version(), event.id(), event.type(), 0, "undecodable", Instant.now(),
        Optional.of(raw)));

    Health poisoned = HealthChecks.builder().deadLetters(deadLetters, List.of("poisoned")).build()
        .check().child("dead-letters").orElseThrow().child("poisoned").orElseThrow();

    assertEquals(HealthStatus.DEGRADED, poisoned.status());
    assertEquals(1L, poisoned.detail("undecodable").orElseThrow());
    assertTrue(poisoned.reason().orElseThrow().contains("1 of them undecodable (poison) events"),
        poisoned.reason().orElseThrow());
  }
}
