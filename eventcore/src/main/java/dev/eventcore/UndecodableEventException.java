package dev.eventcore;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A read stopped at a stored event that cannot be decoded: an unknown type name, data that does
 * not fit the class, an upcaster that threw, or metadata that cannot be read. The message names
 * the event's position, stream, version and type; {@link #event()} is the event with its raw
 * {@link UndecodableEvent} envelope, and {@link #getCause()} the original failure, if any.
 *
 * <pre>{@code
 * try {
 *   page = store.readAll(after, 500);
 * } catch (UndecodableEventException e) {
 *   log.error("poison event at {}: {}", e.position(), e.envelope().reason());
 *   page = store.readAll(after, 500, EventFilter.all().deliveringUndecodable()).events();
 * }
 * }</pre>
 *
 * <p>Thrown by {@link EventStore#readStream}, by {@link EventStore#readAll} unless the filter
 * delivers such events raw ({@link EventFilter#deliveringUndecodable()}), and it is the cause of a
 * subscription's failure at such an event. Retrying does not help: the stored event stays as it
 * is.
 *
 * @since 0.1.0
 */
public final class UndecodableEventException extends EventDecodingException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: an exception read back from a stream keeps its message only. */
  private final transient RecordedEvent<UndecodableEvent> event;

  /** A read stopped at {@code event}, which failed to decode with {@code cause} (may be null). */
  public UndecodableEventException(
      RecordedEvent<UndecodableEvent> event, @Nullable Throwable cause) {
    super(message(Objects.requireNonNull(event, "event")), cause);
    this.event = event;
  }

  private static String message(RecordedEvent<UndecodableEvent> event) {
    UndecodableEvent raw = event.payload();
    return "stored event " + event.streamId() + "@" + event.version() + " (position "
        + event.position() + ", type " + raw.type()
        + (raw.revision() == 1 ? "" : ", revision " + raw.revision()) + ") cannot be decoded,"
        + " so the read stops there (read with EventFilter.deliveringUndecodable() to receive it"
        + " raw): " + raw.reason();
  }

  /** The event, at its position, with its raw envelope as the payload. */
  public RecordedEvent<UndecodableEvent> event() {
    return event;
  }

  /** The event's position in the store-wide log. */
  public GlobalPosition position() {
    return event.position();
  }

  /** The event's raw envelope: type, revision, stored data and metadata, reason. */
  public UndecodableEvent envelope() {
    return event.payload();
  }
}
