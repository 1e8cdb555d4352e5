package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last error of a projection: a handler failure on an event (with its stream, version and
 * position), a lost lease, a rejected checkpoint write or a failed read.
 *
 * @param message what happened, naming the projection and, for an event, where it is
 * @param position the failing event's position, or the projection's position for other errors
 * @param stream the failing event's stream, if an event failed
 * @param version the failing event's version, if an event failed
 * @param attempts handler calls on that event so far (0 when no event failed)
 * @param occurredAt when it happened
 *
 * @since 0.1.0
 */
public record ProjectionError(
    String message,
    GlobalPosition position,
    Optional<StreamId> stream,
    Optional<Version> version,
    int attempts,
    Instant occurredAt) {

  /** Validates the fields. */
  public ProjectionError {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0 but was " + attempts);
    }
  }

  /** {@code projection}'s handler failed {@code attempts} times on {@code event}, last with {@code cause}. */
  public static ProjectionError onEvent(
      String projection, RecordedEvent<?> event, int attempts, Throwable cause, Instant at) {
    return new ProjectionError(
        "projection " + projection + " failed on event " + event.describe() + " (attempt "
            + attempts + "): " + cause,
        event.position(), Optional.of(event.streamId()), Optional.of(event.version()), attempts, at);
  }

  /** An error not tied to one event, at {@code position}. */
  public static ProjectionError of(String message, GlobalPosition position, Instant at) {
    return new ProjectionError(message, position, Optional.empty(), Optional.empty(), 0, at);
  }

  @Override
  public String toString() {
    return message;
  }
}
