package dev.eventcore.command;

import dev.eventcore.EventData;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who and what caused a command: metadata (correlation and causation ids first of all) that the
 * executor adds to every event the command writes.
 *
 * <pre>{@code
 * // an HTTP request starts a flow
 * executor.execute(command, CommandContext.of("req-7f3a", "req-7f3a"));
 * // a saga reacting to an event continues it: same correlation id, caused by that event
 * executor.execute(next, CommandContext.causedBy(event));
 * }</pre>
 *
 * <p>An event's own metadata wins over the context's on equal keys.
 *
 * @param metadata the entries added to every event written
 *
 * @since 0.1.0
 */
public record CommandContext(Metadata metadata) {

  private static final CommandContext EMPTY = new CommandContext(Metadata.empty());

  /** Validates the argument. */
  public CommandContext {
    Objects.requireNonNull(metadata, "metadata");
  }

  /** No metadata. */
  public static CommandContext empty() {
    return EMPTY;
  }

  /** A context with the given correlation and causation ids. */
  public static CommandContext of(String correlationId, String causationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(causationId, "causationId");
    return new CommandContext(Metadata.of(
        Map.of(Metadata.CORRELATION_ID, correlationId, Metadata.CAUSATION_ID, causationId)));
  }

  /**
   * The context of a command caused by {@code event}: its correlation id is carried on (or, when it
   * has none, the event's id starts the correlation) and the event's id is the causation id.
   */
  public static CommandContext causedBy(RecordedEvent<?> event) {
    Objects.requireNonNull(event, "event");
    String eventId = event.id().toString();
    return of(event.metadata().correlationId().orElse(eventId), eventId);
  }

  /** A copy with {@code key} set to {@code value}. */
  public CommandContext with(String key, String value) {
    return new CommandContext(metadata.with(key, value));
  }

  /** The correlation id, if set. */
  public Optional<String> correlationId() {
    return metadata.correlationId();
  }

  /** The causation id, if set. */
  public Optional<String> causationId() {
    return metadata.causationId();
  }

  /** {@code event} with this context's metadata added under its own. */
  <E> EventData<E> stamp(EventData<E> event) {
    if (metadata.isEmpty()) {
      return event;
    }
    return event.withMetadata(metadata.with(event.metadata()));
  }
}
