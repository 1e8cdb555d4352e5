package dev.eventcore.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.memory.InMemoryCheckpointStore;
import dev.eventcore.observe.Observer;
import dev.eventcore.postgres.PostgresEventStore;
import dev.eventcore.postgres.PostgresTestDatabase;
import dev.eventcore.projection.ProjectionRunner;
import dev.eventcore.saga.SagaRunner;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trace survives PostgreSQL: an order placed through one store instance is handled by the
 * projections and the saga of another over the same schema, in the trace of the request.
 */
class PostgresTracingTest {
  private final Tracing tracing = new Tracing();
  private PostgresTestDatabase db;
  private PostgresEventStore writer;
  private PostgresEventStore reader;

  private PostgresEventStore store(Observer observer) {
    return PostgresEventStore.builder().jdbcUrl(PostgresTestDatabase.jdbcUrl())
        .schema(db.schema()).eventTypes(Shop.TYPES).pollInterval(Duration.ofMillis(50))
        .observer(observer).build();
  }

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    writer = store(tracing.observer);
    reader = store(tracing.observer);
  }

  @AfterEach
  void close() throws Exception {
    reader.close();
    writer.close();
    db.close();
    tracing.close();
  }

  @Test
  void anOrderPlacedThroughOneStoreIsHandledInItsTraceThroughAnother() throws Exception {
    Shop front = new Shop(writer, tracing.observer);
    Shop back = new Shop(reader, tracing.observer);
    ProjectionRunner runner = ProjectionRunner.builder(reader, new InMemoryCheckpointStore())
        .observer(tracing.observer).build();
    SagaRunner<String> sagas = SagaRunner.builder(reader, back.fulfillment(), back.dispatcher())
        .observer(tracing.observer).build();
    runner.register(back.summaryProjection());
    runner.register(sagas.projection());
    sagas.start();
    runner.start("order-summary");
    runner.start(sagas.projection().name());
    try {
      Span request = tracing.sdk.getTracer("test").spanBuilder("request").startSpan();
      try (Scope scope = request.makeCurrent()) {
        front.place("o1", 10);
      } finally {
        request.end();
      }
      long deadline = System.nanoTime() + Shop.WAIT.toNanos();
      while (reader.readStream(Shop.order("o1")).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<RecordedEvent<?>> order = reader.readStream(Shop.order("o1"));
      GlobalPosition last = order.get(1).position();
      assertTrue(runner.awaitPosition("order-summary", last, Shop.WAIT));
      assertTrue(runner.awaitPosition(sagas.projection().name(), last, Shop.WAIT));
      assertEquals("shipped", back.summary.get("o1"));

      // the context stored by the writer is read back as written
      SpanData place = tracing.one("command PlaceOrder");
      String traceparent = "00-" + place.getTraceId() + "-" + place.getSpanId() + "-"
          + place.getSpanContext().getTraceFlags().asHex();
      assertEquals(traceparent, order.get(0).metadata()
          .get(OpenTelemetryObserver.TRACEPARENT).orElseThrow());
      assertEquals(order.get(0).metadata(), writer.readStream(Shop.order("o1")).get(0)
          .metadata());
    } finally {
      runner.close();
      sagas.close();
    }
    String trace = tracing.one("request").getTraceId();
    SpanData place = tracing.one("command PlaceOrder");
    for (SpanData handle : tracing.named("handle order-summary")) {
      assertEquals(trace, handle.getTraceId(), tracing.render());
    }
    SpanData firstHandle = tracing.named("handle order-summary").stream()
        .filter(span -> span.getParentSpanId().equals(place.getSpanId())).findFirst()
        .orElseThrow(() -> new AssertionError(tracing.render()));
    assertTrue(tracing.named("projection order-summary").stream()
        .anyMatch(span -> span.getParentSpanId().equals(firstHandle.getSpanId())),
        tracing.render());
    SpanData step = tracing.named("saga step fulfillment").get(0);
    SpanData ship = tracing.one("command ShipOrder");
    assertTrue(tracing.descends(step, place), tracing.render());
    assertTrue(tracing.descends(ship, step), tracing.render());
    assertEquals(trace, ship.getTraceId());
    System.out.println("One order, on PostgreSQL:\n" + tracing.render());
  }

  @Test
  void theStoredContextCountsTowardTheMetadataLimit() {
    try (PostgresEventStore small = PostgresEventStore.builder()
        .jdbcUrl(PostgresTestDatabase.jdbcUrl()).schema(db.schema()).eventTypes(Shop.TYPES)
        .limits(StoreLimits.defaults().withMaxEventBytes(60)).observer(tracing.observer)
        .build()) {
      List<EventData<?>> placed = List.of(EventData.of(new Shop.OrderPlaced("o1", 1)));
      small.append(Shop.order("o1"), ExpectedVersion.any(), placed); // no span: nothing added
      Span request = tracing.sdk.getTracer("test").spanBuilder("request").startSpan();
      try (Scope scope = request.makeCurrent()) {
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
            () -> small.append(Shop.order("o2"), ExpectedVersion.any(),
                List.of(EventData.of(new Shop.OrderPlaced("o2", 1)))));
        assertTrue(e.getMessage().contains("metadata"), e.getMessage());
      } finally {
        request.end();
      }
      assertEquals(1, small.readAll(GlobalPosition.START, 10).size());
    }
  }
}
