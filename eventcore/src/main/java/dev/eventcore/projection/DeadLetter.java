package dev.eventcore.projection;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * An event a projection gave up on under {@link ErrorPolicy#retryThenDeadLetter}: where it is in
 * the log (the event itself stays there) and why it failed. Never holds the payload, so it can be
 * logged and stored anywhere.
 *
 * @param projection the projection that failed on it
 * @param position the event's position
 * @param streamId the event's stream
 * @param version the event's version in its stream
 * @param eventId the event's id
 * @param type the event's type name
 * @param attempts how many times the handler was called
 * @param error the last failure: exception class and message
 * @param failedAt when the last attempt failed
 */
public record DeadLetter(
    String projection,
    GlobalPosition position,
    StreamId streamId,
    Version version,
    EventId eventId,
    String type,
    int attempts,
    String error,
    Instant failedAt) {

  /** Validates the fields. */
  public DeadLetter {
    ProjectionNames.require(projection, "projection");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(failedAt, "failedAt");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
    }
  }

  /** The dead letter of {@code event}, which failed {@code attempts} times, last with {@code error}. */
  public static DeadLetter of(
      String projection, RecordedEvent<?> event, int attempts, Throwable error, Instant failedAt) {
    return new DeadLetter(projection, event.position(), event.streamId(), event.version(),
        event.id(), event.type(), attempts, error.toString(), failedAt);
  }
}
