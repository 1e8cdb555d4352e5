package dev.eventcore.subscription;

import dev.eventcore.RecordedEvent;

/**
 * Handles the events of a subscription, one at a time, on the subscription's thread, and hears
 * when the subscription has caught up.
 *
 * <p>Throwing stops the subscription at this event: it is not marked handled, and nothing after
 * it is delivered. {@link Subscription#failure()} then holds the cause and the event's position.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventHandler {
  /** Handles one event. */
  void handle(RecordedEvent<?> event) throws Exception;

  /**
   * Called on the subscription's thread when it has handled every event it could read and is
   * about to wait for more: once when the catch-up ends (even with nothing to catch up on), then
   * after each burst of live events. A handler that batches its work flushes it here, so nothing
   * waits for the next event or a timer. Does nothing by default.
   *
   * <p>Throwing stops the subscription like a failing {@link #handle}, at the last handled event.
   */
  default void caughtUp() throws Exception {}

  /**
   * The name of subscriptions to this handler, in their thread's name, logs and metrics; empty
   * (the default) for a generated one, {@code subscription-<n>}. A projection's subscription is
   * named after the projection.
   */
  default String name() {
    return "";
  }
}
