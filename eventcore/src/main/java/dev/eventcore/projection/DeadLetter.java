package dev.eventcore.projection;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event a projection gave up on under {@link ErrorPolicy#retryThenDeadLetter}: where it is in
 * the log (the event itself stays there) and why it failed. For an event whose handler failed it
 * never holds the payload, so it can be logged and stored anywhere. For a stored event that could
 * not be decoded (the handler never saw it) it keeps the raw envelope, {@link #undecodable()}, so
 * the event can be inspected and replayed later even though the store cannot decode it; its
 * {@code toString()} shows the envelope's sizes, never its data. {@link
 * ProjectionRunner#replayDeadLetter} replays it; {@link DeadLetterStore#remove} gives it up.
 *
 * @param projection the projection that failed on it
 * @param position the event's position
 * @param streamId the event's stream
 * @param version the event's version in its stream
 * @param eventId the event's id
 * @param type the event's type name
 * @param attempts how many times the handler was called, replays included; 0 for an event that
 *     could never be decoded
 * @param error the last failure: exception class and message
 * @param failedAt when the last attempt (or replay) failed
 * @param undecodable the raw envelope of an event that could not be decoded; empty otherwise
 *
 * @since 0.1.0
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
    Instant failedAt,
    Optional<UndecodableEvent> undecodable) {

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
    Objects.requireNonNull(undecodable, "undecodable");
    if (attempts < (undecodable.isPresent() ? 0 : 1)) {
      throw new IllegalArgumentException("attempts must be >= "
          + (undecodable.isPresent() ? 0 : 1) + " but was " + attempts);
    }
    if (undecodable.isPresent() && !undecodable.get().type().equals(type)) {
      throw new IllegalArgumentException("the raw envelope's type " + undecodable.get().type()
          + " is not the dead letter's type " + type);
    }
  }

  /** A dead letter of an event whose handler failed (no raw envelope). */
  public DeadLetter(String projection, GlobalPosition position, StreamId streamId, Version version,
      EventId eventId, String type, int attempts, String error, Instant failedAt) {
    this(projection, position, streamId, version, eventId, type, attempts, error, failedAt,
        Optional.empty());
  }

  /** The dead letter of {@code event}, which failed {@code attempts} times, last with {@code error}. */
  public static DeadLetter of(
      String projection, RecordedEvent<?> event, int attempts, Throwable error, Instant failedAt) {
    return new DeadLetter(projection, event.position(), event.streamId(), event.version(),
        event.id(), event.type(), attempts, error.toString(), failedAt);
  }

  /**
   * The dead letter of {@code event}, a stored event that could not be decoded, which {@code
   * projection} did not apply: with its raw envelope, 0 attempts and {@code error}.
   */
  public static DeadLetter undecodable(String projection, RecordedEvent<UndecodableEvent> event,
      Throwable error, Instant failedAt) {
    return new DeadLetter(projection, event.position(), event.streamId(), event.version(),
        event.id(), event.type(), 0, error.toString(), failedAt, Optional.of(event.payload()));
  }
}
