package dev.eventcore.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.saga.SagaRunner;
import dev.eventcore.subscription.Subscription;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans and the trace context in event metadata, on the in-memory store. */
class OpenTelemetryObserverTest {
  private final Tracing tracing = new Tracing();
  private final InMemoryEventStore store = new InMemoryEventStore(
      Shop.TYPES, StoreLimits.defaults(), Clock.systemUTC(), tracing.observer);
  private final Shop shop = new Shop(store, tracing.observer);

  @AfterEach
  void close() {
    store.close();
    tracing.close();
  }

  private Tracer tracer() {
    return tracing.sdk.getTracer("test");
  }

  /** Places an order inside a "request" span, as a traced HTTP request would. */
  private SpanData placeInRequest(String id) {
    Span request = tracer().spanBuilder("request").startSpan();
    try (Scope scope = request.makeCurrent()) {
      shop.place(id, 10);
    } finally {
      request.end();
    }
    return tracing.named("request").get(tracing.named("request").size() - 1);
  }

  private static String traceparent(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getSpanContext().getTraceFlags().asHex();
  }

  @Test
  void aCommandInsideARequestWritesEventsCarryingItsTraceparent() {
    SpanData request = placeInRequest("o1");

    SpanData command = tracing.one("command PlaceOrder");
    assertEquals(request.getSpanId(), command.getParentSpanId());
    assertEquals("ok", command.getAttributes().get(OpenTelemetryObserver.OUTCOME));
    assertEquals(1L, command.getAttributes().get(OpenTelemetryObserver.ATTEMPTS));
    SpanData decide = tracing.one("decide PlaceOrder");
    SpanData append = tracing.one("append order");
    assertEquals(command.getSpanId(), decide.getParentSpanId());
    assertEquals(command.getSpanId(), append.getParentSpanId());
    assertEquals(1L, append.getAttributes().get(OpenTelemetryObserver.EVENTS));
    RecordedEvent<?> placed = store.readStream(Shop.order("o1")).get(0);
    assertEquals(Map.of(OpenTelemetryObserver.TRACEPARENT, traceparent(command)),
        placed.metadata().entries());
  }

  @Test
  void theProjectionsAndTheSagaContinueTheTraceOfTheOrder() throws Exception {
    ProjectionRunner runner = ProjectionRunner.builder(store, new InMemoryCheckpointStore())
        .observer(tracing.observer).build();
    SagaRunner<String> sagas = SagaRunner.builder(store, shop.fulfillment(), shop.dispatcher())
        .observer(tracing.observer).build();
    runner.register(shop.summaryProjection());
    runner.register(sagas.projection());
    sagas.start(); // commands are dispatched on the saga's own workers
    runner.start("order-summary");
    runner.start(sagas.projection().name());
    try {
      SpanData request = placeInRequest("o1");
      awaitShippedAndHandled(runner, sagas, "o1");

      String trace = request.getTraceId();
      SpanData placeCommand = tracing.one("command PlaceOrder");
      SpanData step = tracing.named("saga step fulfillment").get(0);
      SpanData ship = tracing.one("command ShipOrder");
      assertEquals(trace, step.getTraceId());
      assertEquals(trace, ship.getTraceId());
      assertTrue(tracing.descends(step, placeCommand), tracing.render());
      assertTrue(tracing.descends(ship, step), tracing.render());
      assertTrue(tracing.descends(ship, tracing.named("dispatch fulfillment").get(0)));
      for (SpanData projection : tracing.named("projection order-summary")) {
        assertEquals(trace, projection.getTraceId(), tracing.render());
      }
      // the shipped event carries the trace too: the ShipOrder command's span
      RecordedEvent<?> shipped = store.readStream(Shop.order("o1")).get(1);
      assertEquals(traceparent(ship),
          shipped.metadata().get(OpenTelemetryObserver.TRACEPARENT).orElseThrow());
    } finally {
      runner.close();
      sagas.close();
    }
    // a commit covers many events: it links to the traces of those it made durable
    List<SpanData> commits = tracing.named("commit order-summary");
    assertFalse(commits.isEmpty(), tracing.render());
    assertTrue(commits.stream().anyMatch(commit -> commit.getLinks().stream().anyMatch(link ->
        link.getSpanContext().getTraceId().equals(tracing.one("request").getTraceId()))),
        tracing.render());
    System.out.println("One order, in memory:\n" + tracing.render());
  }

  private void awaitShippedAndHandled(ProjectionRunner runner, SagaRunner<String> sagas,
      String id) throws InterruptedException {
    long deadline = System.nanoTime() + Shop.WAIT.toNanos();
    while (store.readStream(Shop.order(id)).size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    GlobalPosition last = store.readStream(Shop.order(id)).get(1).position();
    assertTrue(runner.awaitPosition("order-summary", last, Shop.WAIT));
    assertTrue(runner.awaitPosition(sagas.projection().name(), last, Shop.WAIT));
    assertEquals("shipped", shop.summary.get(id));
    // the dispatch's span (around the ShipOrder command's) ends once the dispatcher has returned,
    // which is after the shipped event is written and seen: wait for it to end, too
    while (tracing.named("dispatch fulfillment").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void withoutACurrentSpanOrWithoutTheObserverNoTraceContextIsStored() {
    store.append(Shop.order("o1"), ExpectedVersion.any(), // no span current
        List.of(EventData.of(new Shop.OrderPlaced("o1", 1))));
    assertTrue(store.readStream(Shop.order("o1")).get(0).metadata().isEmpty());
    // a traced command starts a trace of its own when none is current
    shop.place("o3", 10);
    assertEquals(traceparent(tracing.one("command PlaceOrder")), store.readStream(
        Shop.order("o3")).get(0).metadata().get(OpenTelemetryObserver.TRACEPARENT).orElseThrow());

    try (InMemoryEventStore untraced = new InMemoryEventStore(Shop.TYPES)) {
      Span request = tracer().spanBuilder("request").startSpan();
      try (Scope scope = request.makeCurrent()) {
        untraced.append(Shop.order("o2"), ExpectedVersion.any(),
            List.of(EventData.of(new Shop.OrderPlaced("o2", 1))));
      } finally {
        request.end();
      }
      assertTrue(untraced.readStream(Shop.order("o2")).get(0).metadata().isEmpty());
    }
  }

  @Test
  void theTraceStateIsCarriedButNotTheBaggage() {
    TextMapPropagator both = TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
    OpenTelemetry withBaggage = OpenTelemetrySdk.builder()
        .setTracerProvider(tracing.sdk.getSdkTracerProvider())
        .setPropagators(ContextPropagators.create(both)).build();
    OpenTelemetryObserver observer = OpenTelemetryObserver.of(withBaggage);
    SpanContext parent = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(),
        TraceState.builder().put("vendor", "v1").build());
    Context context = Context.root().with(Span.wrap(parent))
        .with(Baggage.builder().put("user", "alice").build());
    try (Scope scope = context.makeCurrent()) {
      assertEquals(Map.of(OpenTelemetryObserver.TRACEPARENT,
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
          OpenTelemetryObserver.TRACESTATE, "vendor=v1"), observer.appendMetadata().entries());
    }
  }

  @Test
  void workOnAnEventOfAnotherTraceIsParentedByTheEventAndLinksTheCurrentSpan() {
    Metadata stored = Metadata.empty().with(OpenTelemetryObserver.TRACEPARENT,
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").withCorrelationId("o9");
    Span other = tracer().spanBuilder("batch job").startSpan();
    try (Scope scope = other.makeCurrent()) {
      tracing.observer.start(WorkKind.PROJECTION, "totals", stored).close();
      // an event of the current trace nests under the current span
      tracing.observer.start(WorkKind.HANDLE, "totals", Metadata.empty().with(
          OpenTelemetryObserver.TRACEPARENT, "00-" + other.getSpanContext().getTraceId()
              + "-b7ad6b7169203331-01")).close();
    } finally {
      other.end();
    }
    SpanData projection = tracing.one("projection totals");
    assertEquals("0af7651916cd43dd8448eb211c80319c", projection.getTraceId());
    assertEquals("b7ad6b7169203331", projection.getParentSpanId());
    assertEquals(SpanKind.CONSUMER, projection.getKind());
    assertEquals("o9", projection.getAttributes().get(OpenTelemetryObserver.CORRELATION_ID));
    assertEquals(List.of(other.getSpanContext().getSpanId()),
        projection.getLinks().stream().map(link -> link.getSpanContext().getSpanId()).toList());
    SpanData handle = tracing.one("handle totals");
    assertEquals(other.getSpanContext().getSpanId(), handle.getParentSpanId());
    assertEquals(SpanKind.INTERNAL, handle.getKind());
  }

  @Test
  void aGarbledTraceparentIsIgnored() {
    tracing.observer.start(WorkKind.HANDLE, "totals",
        Metadata.empty().with(OpenTelemetryObserver.TRACEPARENT, "00-not-a-trace")).close();
    SpanData handle = tracing.one("handle totals");
    assertFalse(handle.getParentSpanContext().isValid());
  }

  @Test
  void aRefusedCommandIsAnOutcomeAndAFailureAnError() throws Exception {
    assertThrows(CommandRejectedException.class, () -> shop.place("o1", -1));
    SpanData refused = tracing.one("command PlaceOrder");
    assertEquals(StatusCode.UNSET, refused.getStatus().getStatusCode());
    assertEquals("rejected", refused.getAttributes().get(OpenTelemetryObserver.OUTCOME));
    assertEquals("exception", refused.getEvents().get(0).getName());

    store.append(Shop.order("o2"), ExpectedVersion.any(),
        List.of(EventData.of(new Shop.OrderPlaced("o2", 1))));
    CountDownLatch failed = new CountDownLatch(1);
    Subscription subscription = store.subscribe(GlobalPosition.START, event -> {
      failed.countDown();
      throw new IllegalStateException("handler bug");
    });
    assertTrue(failed.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 1_000 && subscription.failure().isEmpty(); i++) {
      Thread.sleep(10);
    }
    subscription.close(); // the handler's span ended before the subscription stopped
    SpanData handle = tracing.spans().stream()
        .filter(span -> span.getName().startsWith("handle ")).findFirst().orElseThrow();
    assertEquals(StatusCode.ERROR, handle.getStatus().getStatusCode());
  }

  @Test
  void aCommitLinksAtMostThirtyTwoTracesAndCountsTheRest() {
    for (int i = 0; i < 40; i++) {
      String trace = String.format("%032x", i + 1);
      tracing.observer.start(WorkKind.PROJECTION, "totals", Metadata.empty().with(
          OpenTelemetryObserver.TRACEPARENT, "00-" + trace + "-b7ad6b7169203331-01")).close();
    }
    tracing.observer.start(WorkKind.COMMIT, "totals", Metadata.empty()).close();
    tracing.observer.start(WorkKind.COMMIT, "totals", Metadata.empty()).close();

    List<SpanData> commits = tracing.named("commit totals");
    assertEquals(CommitLinks.MAX_LINKS, commits.get(0).getLinks().size());
    assertEquals(8L, commits.get(0).getAttributes().get(
        io.opentelemetry.api.common.AttributeKey.longKey(CommitLinks.DROPPED)));
    assertEquals(0, commits.get(1).getLinks().size());
    assertNull(commits.get(1).getAttributes().get(
        io.opentelemetry.api.common.AttributeKey.longKey(CommitLinks.DROPPED)),
        "nothing dropped: no count");
  }

  @Test
  void theObserverNamesItsTracerInLogs() {
    Tracer tracer = tracer();
    assertEquals("OpenTelemetryObserver[" + tracer + "]",
        OpenTelemetryObserver.of(tracer).toString());
  }

  @Test
  void aTracerThatThrowsNeverFailsTheWork() throws Exception {
    Tracer broken = new Tracer() {
      @Override
      public SpanBuilder spanBuilder(String spanName) {
        throw new IllegalStateException("tracer bug");
      }
    };
    OpenTelemetryObserver observer = OpenTelemetryObserver.of(broken);
    try (InMemoryEventStore brokenStore = new InMemoryEventStore(
        Shop.TYPES, StoreLimits.defaults(), Clock.systemUTC(), observer)) {
      Shop brokenShop = new Shop(brokenStore, observer);
      brokenShop.place("o1", 10);
      CountDownLatch handled = new CountDownLatch(1);
      try (Subscription subscription =
          brokenStore.subscribe(GlobalPosition.START, event -> handled.countDown())) {
        assertTrue(handled.await(10, TimeUnit.SECONDS));
      }
      assertEquals(1, brokenStore.readStream(Shop.order("o1")).size());
    }
  }

  @Test
  void badInputsAreRejected() {
    assertThrows(NullPointerException.class, () -> OpenTelemetryObserver.of((OpenTelemetry) null));
    assertThrows(NullPointerException.class, () -> OpenTelemetryObserver.of((Tracer) null));
    NullPointerException kind = assertThrows(NullPointerException.class,
        () -> tracing.observer.start(null, "n", Metadata.empty()));
    assertEquals("kind", kind.getMessage());
    assertThrows(NullPointerException.class,
        () -> tracing.observer.start(WorkKind.HANDLE, null, Metadata.empty()));
    assertThrows(NullPointerException.class,
        () -> tracing.observer.start(WorkKind.HANDLE, "n", null));
    // an observer is guarded where eventcore calls it: its failures never reach the work
    Observer guarded = Observer.of(tracing.observer);
    guarded.start(WorkKind.HANDLE, "n", Metadata.empty()).close();
  }
}
