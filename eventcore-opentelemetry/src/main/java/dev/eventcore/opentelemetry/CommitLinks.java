package dev.eventcore.opentelemetry;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per projection, the spans of the events it handled since its last commit, one per trace, so
 * that the commit's span links to the traces it made durable. Bounded: at most {@value #MAX_LINKS}
 * per commit, the rest counted in {@value #DROPPED}.
 */
final class CommitLinks {
  /** The most links one commit span gets. */
  static final int MAX_LINKS = 32;
  /** The attribute counting the traces a commit covered beyond {@link #MAX_LINKS}. */
  static final String DROPPED = "eventcore.links_dropped";

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** {@code projection} handled an event in the span {@code handled}. */
  void handled(String projection, SpanContext handled) {
    if (handled.isValid()) {
      pending.computeIfAbsent(projection, name -> new Pending()).add(handled);
    }
  }

  /** Links {@code commit} to what {@code projection} handled since its last commit. */
  void linkAll(String projection, SpanBuilder commit) {
    Pending handled = pending.get(projection);
    if (handled != null) {
      handled.drainInto(commit);
    }
  }

  /** One projection's handled spans, by trace id. */
  private static final class Pending {
    private final Map<String, SpanContext> byTrace = new LinkedHashMap<>();
    private long dropped;

    synchronized void add(SpanContext span) {
      if (byTrace.containsKey(span.getTraceId())) {
        return;
      }
      if (byTrace.size() < MAX_LINKS) {
        byTrace.put(span.getTraceId(), span);
      } else {
        dropped++;
      }
    }

    synchronized void drainInto(SpanBuilder commit) {
      for (SpanContext span : byTrace.values()) {
        commit.addLink(span);
      }
      if (dropped > 0) {
        commit.setAttribute(DROPPED, dropped);
      }
      byTrace.clear();
      dropped = 0;
    }
  }
}
