package dev.eventcore.saga;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The runner's own records in a saga stream, next to the saga's facts and its outbox commands.
 * Register this interface in the store's {@code EventTypes}. Not for application code to append.
 *
 * @since 0.1.0
 */
public sealed interface SagaEvent {

  /**
   * A trigger (an event id, a fired timeout or a rejection) was handled; the first record of every
   * step (markers of earlier steps that decided nothing may precede it in the same append).
   */
  record StepTaken(String triggerId, String trigger) implements SagaEvent {}

  /**
   * The outbox command {@code commandId} was dispatched: accepted ({@code rejection} empty), or
   * rejected for the reason in {@code rejection}. A command carried out in its own step's append
   * needs no marker: its outbox entry says so in its metadata.
   */
  record CommandDispatched(String commandId, Optional<String> rejection) implements SagaEvent {
    /** Validates; an empty reason (how early markers wrote an accepted command) reads as none. */
    public CommandDispatched {
      Objects.requireNonNull(commandId, "commandId");
      rejection = Objects.requireNonNull(rejection, "rejection").filter(r -> !r.isEmpty());
    }
  }

  /** The timeout {@code timeoutId}, named {@code name}, is due at {@code due}. */
  record TimeoutScheduled(String timeoutId, String name, Instant due) implements SagaEvent {}

  /** The timeout {@code timeoutId} fired. */
  record TimeoutFired(String timeoutId) implements SagaEvent {}

  /** The timeout {@code timeoutId} was cancelled before it fired. */
  record TimeoutCancelled(String timeoutId) implements SagaEvent {}

  /** The saga ended; it ignores every later event. */
  record SagaCompleted() implements SagaEvent {}
}
