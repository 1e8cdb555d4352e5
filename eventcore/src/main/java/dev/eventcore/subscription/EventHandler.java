package dev.eventcore.subscription;

import dev.eventcore.RecordedEvent;

/**
 * Handles the events of a subscription, one at a time, on the subscription's thread.
 *
 * <p>Throwing stops the subscription at this event: it is not marked handled, and nothing after
 * it is delivered. {@link Subscription#failure()} then holds the cause and the event's position.
 */
@FunctionalInterface
public interface EventHandler {
  /** Handles one event. */
  void handle(RecordedEvent<?> event) throws Exception;
}
