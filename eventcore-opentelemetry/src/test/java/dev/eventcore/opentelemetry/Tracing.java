package dev.eventcore.opentelemetry;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An SDK that keeps its finished spans in memory, and ways to look at them. */
final class Tracing implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  final OpenTelemetryObserver observer = OpenTelemetryObserver.of(sdk);

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** The finished spans named {@code name}. */
  List<SpanData> named(String name) {
    return spans().stream().filter(span -> span.getName().equals(name))
        .collect(Collectors.toList());
  }

  /** The one finished span named {@code name}. */
  SpanData one(String name) {
    List<SpanData> found = named(name);
    if (found.size() != 1) {
      throw new AssertionError("expected one span " + name + " but found " + found.size()
          + " in " + render());
    }
    return found.get(0);
  }

  /** The finished span with {@code spanId}, if any. */
  Optional<SpanData> byId(String spanId) {
    return spans().stream().filter(span -> span.getSpanId().equals(spanId)).findFirst();
  }

  /** Whether {@code ancestor} is {@code span}'s parent, or its parent's, and so on. */
  boolean descends(SpanData span, SpanData ancestor) {
    Optional<SpanData> at = Optional.of(span);
    while (at.isPresent()) {
      String parent = at.get().getParentSpanId();
      if (parent.equals(ancestor.getSpanId())) {
        return true;
      }
      at = SpanId.isValid(parent) ? byId(parent) : Optional.empty();
    }
    return false;
  }

  /** The finished spans as trees, children indented under their parents, in start order. */
  String render() {
    StringBuilder out = new StringBuilder();
    List<SpanData> all = spans().stream()
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    for (SpanData span : all) {
      if (byId(span.getParentSpanId()).isEmpty()) {
        render(out, span, all, "");
      }
    }
    return out.toString();
  }

  private void render(StringBuilder out, SpanData span, List<SpanData> all, String indent) {
    out.append(indent).append(span.getName());
    if (!span.getLinks().isEmpty()) {
      out.append("  (links: ").append(span.getLinks().size()).append(')');
    }
    out.append('\n');
    for (SpanData child : all) {
      if (child.getParentSpanId().equals(span.getSpanId())) {
        render(out, child, all, indent + "  ");
      }
    }
  }

  @Override
  public void close() {
    sdk.close();
  }
}
