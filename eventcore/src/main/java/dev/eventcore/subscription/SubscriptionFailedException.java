package dev.eventcore.subscription;

import dev.eventcore.EventcoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEventException;
import org.jspecify.annotations.Nullable;

/**
 * A subscription stopped: its handler threw on an event, it reached a stored event it cannot
 * decode ({@link UndecodableEventException} as the cause), or reading the store failed with an
 * error that retrying cannot fix. The message names the subscription, the event's stream, version and
 * position; {@link #getCause()} is the original exception. The event was not marked handled.
 *
 * @since 0.1.0
 */
public final class SubscriptionFailedException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  private final GlobalPosition position;

  /** The handler of {@code subscription} failed on {@code event} with {@code cause}. */
  public static SubscriptionFailedException handlerFailed(
      String subscription, RecordedEvent<?> event, @Nullable Throwable cause) {
    return new SubscriptionFailedException(
        "subscription "
            + subscription
            + " stopped: its handler failed on event "
            + event.describe()
            + ": "
            + cause,
        event.position(),
        cause);
  }

  /** The handler of {@code subscription} failed in {@link EventHandler#caughtUp()}. */
  public static SubscriptionFailedException caughtUpFailed(
      String subscription, GlobalPosition position, @Nullable Throwable cause) {
    return new SubscriptionFailedException(
        "subscription " + subscription + " stopped: its handler failed on catching up at position "
            + position + ": " + cause,
        position,
        cause);
  }

  /** {@code subscription} could not read after {@code position}. */
  public static SubscriptionFailedException readFailed(
      String subscription, GlobalPosition position, @Nullable Throwable cause) {
    return new SubscriptionFailedException(
        "subscription " + subscription + " stopped: reading after position " + position
            + " failed: " + cause,
        position,
        cause);
  }

  /**
   * {@code subscription} reached a stored event it cannot decode, and its filter stops there
   * ({@code EventFilter.onUndecodable()}): the position is that event's; the cause carries its raw
   * envelope.
   */
  public static SubscriptionFailedException undecodable(
      String subscription, UndecodableEventException cause) {
    return new SubscriptionFailedException(
        "subscription " + subscription + " stopped at an undecodable event: " + cause.getMessage(),
        cause.position(),
        cause);
  }

  private SubscriptionFailedException(String message, GlobalPosition position, @Nullable Throwable cause) {
    super(message, cause);
    this.position = position;
  }

  /**
   * The position of the event that failed (a handler failure or an undecodable event), or of the
   * last event handled for another read failure.
   */
  public GlobalPosition position() {
    return position;
  }

  /**
   * Always {@link Retry#NEVER}: the subscription has stopped; a new subscription from {@link
   * #position()} meets the same event (fix the handler or the event first).
   */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
