package dev.eventcore.opentelemetry;

import dev.eventcore.Metadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a trace context into event metadata and reads it back, with a propagator, keeping only
 * the {@code traceparent} and {@code tracestate} entries.
 */
final class TraceMetadata {
  private static final List<String> KEYS =
      List.of(OpenTelemetryObserver.TRACEPARENT, OpenTelemetryObserver.TRACESTATE);

  private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> {
    if (carrier != null && KEYS.contains(key)) {
      carrier.put(key, value);
    }
  };

  private static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    public @Nullable String get(@Nullable Metadata carrier, String key) {
      return carrier == null || !KEYS.contains(key) ? null : carrier.entries().get(key);
    }
  };

  private final TextMapPropagator propagator;

  TraceMetadata(TextMapPropagator propagator) {
    this.propagator = propagator;
  }

  /** The entries that carry {@code context}'s span; empty if it has no valid one. */
  Metadata inject(Context context) {
    if (!Span.fromContext(context).getSpanContext().isValid()) {
      return Metadata.empty();
    }
    Map<String, String> entries = new HashMap<>(4);
    propagator.inject(context, entries, SETTER);
    return Metadata.of(entries);
  }

  /** The span context stored in {@code metadata}; invalid if there is none (or it is garbled). */
  SpanContext extract(Metadata metadata) {
    if (!metadata.entries().containsKey(OpenTelemetryObserver.TRACEPARENT)) {
      return SpanContext.getInvalid();
    }
    return Span.fromContext(propagator.extract(Context.root(), metadata, GETTER))
        .getSpanContext();
  }
}
