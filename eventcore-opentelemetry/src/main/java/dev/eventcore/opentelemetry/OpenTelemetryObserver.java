package dev.eventcore.opentelemetry;

import dev.eventcore.Metadata;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.CommandOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * eventcore's observer as OpenTelemetry traces: a span for each command (with child spans for its
 * load, decision and append), append, subscription delivery, projection handling and commit, saga
 * step and saga dispatch; and the W3C trace context carried in each appended event's metadata, so
 * that one trace runs from a request through its command and events to the projections and sagas
 * that handle them and the commands those sagas send.
 *
 * <pre>{@code
 * OpenTelemetryObserver tracing = OpenTelemetryObserver.of(openTelemetry);
 * EventStore store = PostgresEventStore.builder()....observer(tracing).build();
 * AggregateRepository<...> orders = AggregateRepository.builder(store, decider, OrderEvent.class)
 *     .observer(tracing).build();
 * ProjectionRunner runner = ProjectionRunner.builder(store, checkpoints).observer(tracing).build();
 * }</pre>
 *
 * <p>Set it on the store to carry the context: at each append the context current on the
 * appending thread (the command's span, a saga step's, the caller's) is stored under {@value
 * #TRACEPARENT} (and {@value #TRACESTATE} when there is one) in every event's metadata. Nothing
 * is stored when no span is current. Set it on the repositories, executors, runners and sagas to
 * get their spans. A span for work on an event (a subscription's handler, a projection, a saga
 * step) has the event's stored context as parent, unless a span of the same trace is current
 * already (then it nests under it); when a span of another trace is current, it becomes a link. A
 * projection's commit covers many events: it links to the traces of those it covers (up to 32).
 *
 * <p>Span names are the kind of work and what it works on: {@code command PlaceOrder}, {@code
 * append order}, {@code projection order-summary}, {@code saga step fulfillment}; the README lists
 * them with their attributes. Thread-safe. The SDK, its sampler and exporters are the
 * application's: this module depends on the OpenTelemetry API only.
 *
 * @since 0.1.0
 */
public final class OpenTelemetryObserver implements Observer {
  /** The instrumentation scope name of the tracer {@link #of(OpenTelemetry)} takes. */
  public static final String INSTRUMENTATION_NAME = "dev.eventcore";
  /** The metadata key of the W3C {@code traceparent}. */
  public static final String TRACEPARENT = "traceparent";
  /** The metadata key of the W3C {@code tracestate}. */
  public static final String TRACESTATE = "tracestate";

  /** The kind of work: {@code command}, {@code append}, {@code projection}, ... */
  public static final AttributeKey<String> WORK = AttributeKey.stringKey("eventcore.work");
  /** What the work is on: the command, stream category, subscription, projection or saga. */
  public static final AttributeKey<String> NAME = AttributeKey.stringKey("eventcore.name");
  /** The correlation id of the event or command context that caused the work, if any. */
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("eventcore.correlation_id");
  /** How an append or a command ended: {@code ok}, {@code conflict}, {@code rejected}, ... */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("eventcore.outcome");
  /** The events an append wrote. */
  public static final AttributeKey<Long> EVENTS = AttributeKey.longKey("eventcore.events");
  /** The attempts a command took. */
  public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("eventcore.attempts");

  private static final Map<WorkKind, String> LABELS = new EnumMap<>(WorkKind.class);

  static {
    for (WorkKind kind : WorkKind.values()) {
      LABELS.put(kind, kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
  }

  private final Tracer tracer;
  private final TraceMetadata metadata;
  private final CommitLinks commits = new CommitLinks();

  private OpenTelemetryObserver(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.metadata = new TraceMetadata(propagator);
  }

  /**
   * Traces with {@code openTelemetry}'s tracer ({@value #INSTRUMENTATION_NAME}) and carries the
   * context with its text-map propagator, keeping only the {@value #TRACEPARENT} and {@value
   * #TRACESTATE} entries it writes (not baggage): configure it with the W3C trace context
   * propagator, the default of the SDK's autoconfiguration.
   */
  public static OpenTelemetryObserver of(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return new OpenTelemetryObserver(openTelemetry.getTracer(INSTRUMENTATION_NAME),
        openTelemetry.getPropagators().getTextMapPropagator());
  }

  /** Traces with {@code tracer} and carries the context in W3C trace context form. */
  public static OpenTelemetryObserver of(Tracer tracer) {
    Objects.requireNonNull(tracer, "tracer");
    return new OpenTelemetryObserver(tracer, W3CTraceContextPropagator.getInstance());
  }

  /** The current span's context in W3C form; empty when no valid span is current. */
  @Override
  public Metadata appendMetadata() {
    return metadata.inject(Context.current());
  }

  /**
   * Starts a span for the work and makes it current until the scope closes. Its parent is the
   * current span, or the context stored in {@code cause} when that belongs to another trace (the
   * current span then becomes a link).
   */
  @Override
  @SuppressWarnings("MustBeClosedChecker") // the returned SpanScope closes the context scope
  public Observer.Scope start(WorkKind kind, String name, Metadata cause) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cause, "cause");
    Context current = Context.current();
    SpanContext here = Span.fromContext(current).getSpanContext();
    Context parent = current;
    boolean continued = false;
    SpanContext stored = metadata.extract(cause);
    SpanBuilder span = tracer.spanBuilder(name.isEmpty() ? LABELS.get(kind)
        : LABELS.get(kind) + " " + name);
    if (stored.isValid() && !(here.isValid() && here.getTraceId().equals(stored.getTraceId()))) {
      parent = current.with(Span.wrap(stored));
      continued = true;
      if (here.isValid()) {
        span.addLink(here);
      }
    }
    span.setParent(parent)
        .setSpanKind(continued ? SpanKind.CONSUMER : SpanKind.INTERNAL)
        .setAttribute(WORK, LABELS.get(kind))
        .setAttribute(NAME, name);
    cause.correlationId().ifPresent(id -> span.setAttribute(CORRELATION_ID, id));
    if (kind == WorkKind.COMMIT) {
      commits.linkAll(name, span);
    }
    Span started = span.startSpan();
    if (kind == WorkKind.PROJECTION) {
      commits.handled(name, started.getSpanContext());
    }
    return new SpanScope(started, parent.with(started).makeCurrent());
  }

  /** Adds the outcome and event count to the current append's span. */
  @Override
  public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
      span.setAttribute(EVENTS, events);
    }
  }

  /** Adds the outcome and attempts to the current command's span. */
  @Override
  public void commandHandled(String command, CommandOutcome outcome, int attempts, long nanos) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
      span.setAttribute(ATTEMPTS, attempts);
    }
  }

  @Override
  public String toString() {
    return "OpenTelemetryObserver[" + tracer + "]";
  }

  /** A started span, current until closed. */
  private static final class SpanScope implements Observer.Scope {
    private final Span span;
    private final io.opentelemetry.context.Scope current;

    SpanScope(Span span, io.opentelemetry.context.Scope current) {
      this.span = span;
      this.current = current;
    }

    /** Records the error; a refused command is an outcome, not an error of the span. */
    @Override
    public void failed(Throwable error) {
      span.recordException(error);
      if (!(error instanceof CommandRejectedException)) {
        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
      }
    }

    @Override
    public void close() {
      try {
        current.close();
      } finally {
        span.end();
      }
    }
  }
}
