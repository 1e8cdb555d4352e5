package dev.eventcore.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryDeadLetterStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.projection.ErrorPolicy;
import dev.eventcore.projection.Projection;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.serialization.EventTypes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each observer report, and each projection gauge, shows up as the meter the README names. */
class MicrometerReportsTest {
  record Noted(int n) {}

  private static final StreamId STREAM = StreamId.of("note", "1");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerObserver metrics = MicrometerObserver.of(registry);
  private final Observer observer = metrics;
  private final InMemoryEventStore store = new InMemoryEventStore(
      EventTypes.of(Noted.class), StoreLimits.defaults(), Clock.systemUTC(), metrics);

  @AfterEach
  void close() {
    store.close();
  }

  private double counter(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  private double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }

  @Test
  void subscriptionReportsCountDeliveriesAndKeepTheLagUntilCaughtUp() {
    observer.encoded(3, 1_500);
    observer.delivered("orders", 5, 12);
    assertEquals(1_500.0, registry.get("eventcore.append.bytes").counter().count());
    assertEquals(5.0, counter("eventcore.subscription.delivered", "subscription", "orders"));
    assertEquals(12.0, gauge("eventcore.subscription.lag.events", "subscription", "orders"));

    observer.caughtUp("orders");
    observer.caughtUp("orders");
    assertEquals(2.0, counter("eventcore.subscription.caughtup", "subscription", "orders"));
    assertEquals(0.0, gauge("eventcore.subscription.lag.events", "subscription", "orders"),
        "caught up: nothing waits");

    observer.subscriptionFailed("orders", new IllegalStateException("down"));
    assertEquals(1.0, counter("eventcore.subscription.failures", "subscription", "orders"));
  }

  @Test
  void projectionReportsBecomeCountersTimersAndGauges() {
    observer.projectionCommitted("totals", 40, TimeUnit.MILLISECONDS.toNanos(3));
    observer.projectionCommitted("totals", 2, TimeUnit.MILLISECONDS.toNanos(1));
    observer.deadLettered("totals");
    observer.undecodable("totals");
    observer.undecodable("totals");
    observer.leaseChanged("totals", true);
    observer.rebuildProgress("totals", 700, 1_000);
    observer.sagaDispatched("fulfillment", false);
    observer.poolUse(3, 7, 1);

    assertEquals(2, registry.get("eventcore.projection.commits").tag("projection", "totals")
        .timer().count());
    assertEquals(4.0, registry.get("eventcore.projection.commits").tag("projection", "totals")
        .timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
    assertEquals(42.0, counter("eventcore.projection.events", "projection", "totals"));
    assertEquals(1.0, counter("eventcore.projection.deadletters.recorded", "projection", "totals"));
    assertEquals(2.0, counter("eventcore.projection.undecodable", "projection", "totals"));
    assertEquals(1.0, gauge("eventcore.projection.lease", "projection", "totals"));
    assertEquals(700.0, gauge("eventcore.projection.rebuild.events", "projection", "totals"));
    assertEquals(1.0, registry.get("eventcore.saga.dispatches")
        .tags("saga", "fulfillment", "outcome", "accepted").counter().count());
    assertTrue(registry.find("eventcore.saga.dispatches").tag("outcome", "rejected").counters()
        .isEmpty(), "an accepted dispatch is not counted as rejected");
    assertEquals(7.0, registry.get("eventcore.pool.idle").gauge().value());
    assertTrue(registry.find("eventcore.projection.lag.events").gauges().isEmpty(),
        "no runner bound: no status to read, so no lag gauges");
  }

  @Test
  void everyReportOfAProjectionRegistersItsGaugesOnceARunnerIsBound() throws Exception {
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      metrics.bind(runner); // no projection yet: none is registered by binding
      observer.projectionCommitted("committed", 1, 1);
      observer.deadLettered("lettered");
      observer.undecodable("poisoned");
      observer.leaseChanged("leased", false);
      for (String projection : List.of("committed", "lettered", "poisoned", "leased")) {
        for (String gauge : List.of("eventcore.projection.lag.events",
            "eventcore.projection.lag.seconds", "eventcore.projection.deadletters",
            "eventcore.projection.rate")) {
          assertEquals(1, registry.find(gauge).tag("projection", projection).gauges().size(),
              gauge + " of " + projection);
        }
        // a projection the bound runner does not know has no status: NaN, not a made-up number
        assertTrue(Double.isNaN(gauge("eventcore.projection.lag.events", "projection",
            projection)));
      }
    }
  }

  @Test
  void bindingARunnerRegistersTheGaugesOfTheProjectionsItHasAlready() {
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store, new InMemoryCheckpointStore()).build()) {
      runner.register(Projection.of("early", event -> { }));
      metrics.bind(runner);
      assertEquals(1, registry.find("eventcore.projection.lag.events").tag("projection", "early")
          .gauges().size(), "registered by bind, before any report");
      assertEquals(0.0, gauge("eventcore.projection.lag.events", "projection", "early"));
    }
  }

  @Test
  void theGaugesShowLagInSecondsAndDeadLettersAndReadTheStatusAtMostOnceASecond()
      throws Exception {
    InMemoryDeadLetterStore letters = new InMemoryDeadLetterStore();
    RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0);
    try (ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .errorPolicy(ErrorPolicy.retryThenDeadLetter(once, letters)).observer(metrics).build()) {
      metrics.bind(runner);
      runner.register(Projection.of("notes", (RecordedEvent<?> event) -> {
        if (((Noted) event.payload()).n() == 2) {
          throw new IllegalStateException("poison");
        }
      }));
      runner.start("notes");
      GlobalPosition last = store.append(STREAM, ExpectedVersion.any(),
          List.of(EventData.of(new Noted(1)), EventData.of(new Noted(2)))).lastPosition();
      assertTrue(runner.awaitPosition("notes", last, WAIT));
      runner.pause("notes");
      TimeUnit.MILLISECONDS.sleep(1_100); // past the status kept from any earlier read
      assertEquals(1.0, gauge("eventcore.projection.deadletters", "projection", "notes"));
      assertEquals(0.0, gauge("eventcore.projection.lag.events", "projection", "notes"));

      store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted(3))));
      assertEquals(0.0, gauge("eventcore.projection.lag.events", "projection", "notes"),
          "the status read a moment ago is kept for a second");
      TimeUnit.MILLISECONDS.sleep(1_100);
      assertEquals(1.0, gauge("eventcore.projection.lag.events", "projection", "notes"));
      double lagSeconds = gauge("eventcore.projection.lag.seconds", "projection", "notes");
      assertTrue(lagSeconds >= 1.0 && lagSeconds < 60, "waited over a second: " + lagSeconds);
      assertTrue(gauge("eventcore.projection.rate", "projection", "notes") >= 0);
    }
  }
}
