package dev.eventcore.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.serialization.EventTypes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerObserverTest {
  record Added(int n) {}

  record Add(int n) {}

  private static final StreamId STREAM = StreamId.of("sum", "1");
  private static final Decider<Add, Integer, Added> SUM = Decider.of(0,
      (sum, added) -> sum + added.n(),
      (add, sum) -> {
        if (add.n() < 0) {
          throw new CommandRejectedException("only positive numbers");
        }
        return List.of(new Added(add.n()));
      });

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerObserver metrics = MicrometerObserver.of(registry);
  private final InMemoryEventStore store = new InMemoryEventStore(
      EventTypes.of(Added.class), StoreLimits.defaults(), Clock.systemUTC(), metrics);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void appendsAreTimedByOutcomeAndTheirEventsCounted() {
    store.append(STREAM, ExpectedVersion.noStream(),
        List.of(EventData.of(new Added(1)), EventData.of(new Added(2))));
    assertThrows(WrongExpectedVersionException.class, () -> store.append(STREAM,
        ExpectedVersion.noStream(), List.of(EventData.of(new Added(3)))));
    store.readStream(STREAM);

    assertEquals(1, registry.get("eventcore.append").tag("outcome", "ok").timer().count());
    assertEquals(1, registry.get("eventcore.append").tag("outcome", "conflict").timer().count());
    assertEquals(0, registry.get("eventcore.append").tag("outcome", "duplicate").timer().count());
    assertEquals(0, registry.get("eventcore.append").tag("outcome", "error").timer().count());
    assertEquals(2.0, registry.get("eventcore.append.events").counter().count());
    assertEquals(1, registry.get("eventcore.read").tag("kind", "stream").timer().count());
    assertEquals(2.0, registry.get("eventcore.read.events").tag("kind", "stream").counter().count());
  }

  @Test
  void commandsAreTimedByCommandAndOutcome() {
    AggregateRepository<Add, Integer, Added> sums =
        AggregateRepository.builder(store, SUM, Added.class).observer(metrics).build();
    sums.handle(STREAM, new Add(1));
    sums.handle(STREAM, new Add(2));
    assertThrows(CommandRejectedException.class, () -> sums.handle(STREAM, new Add(-1)));

    assertEquals(2, registry.get("eventcore.command").tags("command", "Add", "outcome", "ok")
        .timer().count());
    assertEquals(1, registry.get("eventcore.command").tags("command", "Add", "outcome", "rejected")
        .timer().count());
    assertEquals(3, registry.get("eventcore.command.attempts").tag("command", "Add").summary()
        .count());
  }

  @Test
  void aBoundRunnersProjectionsHaveLagGaugesThatFollowTheLog() throws Exception {
    ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .observer(metrics).build();
    metrics.bind(runner);
    runner.register(Projection.of("totals", event -> { }));
    runner.start("totals");
    GlobalPosition last = store.append(STREAM, ExpectedVersion.any(),
        List.of(EventData.of(new Added(1)), EventData.of(new Added(2)))).lastPosition();
    assertTrue(runner.awaitPosition("totals", last, Duration.ofSeconds(10)));
    runner.pause("totals");
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(3))));
    TimeUnit.MILLISECONDS.sleep(1_100); // the status behind the gauges is kept for a second

    assertEquals(1.0, registry.get("eventcore.projection.lag.events").tag("projection", "totals")
        .gauge().value());
    assertTrue(registry.get("eventcore.projection.lag.seconds").tag("projection", "totals")
        .gauge().value() >= 0);
    assertEquals(0.0, registry.get("eventcore.projection.deadletters").tag("projection", "totals")
        .gauge().value());
    assertEquals(1.0, registry.get("eventcore.projection.lease").tag("projection", "totals")
        .gauge().value());
    assertTrue(registry.get("eventcore.subscription.delivered").tag("subscription", "totals")
        .counter().count() >= 2);
    runner.close();
    assertEquals(0.0, registry.get("eventcore.projection.lease").tag("projection", "totals")
        .gauge().value());
  }

  @Test
  void sagaHorizonAndPoolReportsBecomeMeters() {
    Observer observer = metrics;
    observer.sagaStep("fulfillment");
    observer.sagaStep("fulfillment");
    observer.sagaDispatched("fulfillment", false);
    observer.sagaDispatched("fulfillment", true);
    observer.sagaTimeoutFired("fulfillment");
    observer.sagaCompensated("fulfillment");
    observer.horizonStall(TimeUnit.MILLISECONDS.toNanos(2_500));
    observer.poolUse(3, 7, 1);

    assertEquals(2.0, registry.get("eventcore.saga.steps").tag("saga", "fulfillment").counter()
        .count());
    assertEquals(1.0, registry.get("eventcore.saga.dispatches")
        .tags("saga", "fulfillment", "outcome", "rejected").counter().count());
    assertEquals(1.0, registry.get("eventcore.saga.timeouts").counter().count());
    assertEquals(1.0, registry.get("eventcore.saga.compensations").counter().count());
    assertEquals(2.5, registry.get("eventcore.horizon.stall.seconds").gauge().value());
    assertEquals(3.0, registry.get("eventcore.pool.active").gauge().value());
    assertEquals(1.0, registry.get("eventcore.pool.waiting").gauge().value());
  }

  @Test
  void everyMeterNameIsUnderEventcore() {
    store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Added(1))));
    Set<String> names = new TreeSet<>();
    for (Meter meter : registry.getMeters()) {
      names.add(meter.getId().getName());
    }
    assertTrue(names.stream().allMatch(name -> name.startsWith("eventcore.")), names.toString());
    assertTrue(names.containsAll(Set.of("eventcore.append", "eventcore.append.events",
        "eventcore.horizon.stall.seconds", "eventcore.read")), names.toString());
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(NullPointerException.class, () -> MicrometerObserver.of(null));
    assertThrows(NullPointerException.class, () -> metrics.bind(null));
  }
}
