package dev.eventcore.internal;

import dev.eventcore.RecordedEvent;
import org.slf4j.MDC;

/**
 * The SLF4J MDC entries every handler call runs with, so that whatever a handler logs names the
 * event it was handling: {@value #STREAM}, {@value #POSITION}, {@value #EVENT_ID}, {@value
 * #CORRELATION_ID} (when the event has one) and, for a projection's handler, {@value #PROJECTION}.
 * They are removed when the call returns, whatever it did.
 */
public final class HandlerMdc {
  /** The event's stream id. */
  public static final String STREAM = "eventcore.stream";
  /** The event's global position. */
  public static final String POSITION = "eventcore.position";
  /** The event's id. */
  public static final String EVENT_ID = "eventcore.eventId";
  /** The event's correlation id. */
  public static final String CORRELATION_ID = "eventcore.correlationId";
  /** The projection handling the event. */
  public static final String PROJECTION = "eventcore.projection";

  private HandlerMdc() {}

  /** Puts the entries of {@code event}; undo with {@link #clear()}. */
  public static void put(RecordedEvent<?> event) {
    MDC.put(STREAM, event.streamId().value());
    MDC.put(POSITION, Long.toString(event.position().value()));
    MDC.put(EVENT_ID, event.id().value().toString());
    event.metadata().correlationId().ifPresent(id -> MDC.put(CORRELATION_ID, id));
  }

  /** Removes what {@link #put} put. */
  public static void clear() {
    MDC.remove(STREAM);
    MDC.remove(POSITION);
    MDC.remove(EVENT_ID);
    MDC.remove(CORRELATION_ID);
  }
}
