package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * The root of every failure eventcore reports. Unchecked.
 *
 * <p>The subclasses say what went wrong by type:
 *
 * <ul>
 *   <li>{@link WrongExpectedVersionException}: a concurrency conflict; re-read and decide again;
 *   <li>{@link DuplicateEventIdException}: an event id reused somewhere it is not a retry;
 *   <li>{@link PayloadTooLargeException}: an event over the size limit;
 *   <li>{@link UnknownEventTypeException}: a class or stored type name with no registration;
 *   <li>{@link EventDecodingException}: a stored event that cannot be turned into its class;
 *   <li>{@link TransientStoreException}: the store could not be reached or the transaction was
 *       aborted; the same call may succeed if retried (an append with the same event ids is safe to
 *       retry).
 * </ul>
 *
 * <p>Invalid arguments are {@link IllegalArgumentException} and {@link NullPointerException}, as
 * everywhere in Java, and are thrown before anything is written.
 */
public class EventStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message. */
  public EventStoreException(String message) {
    super(message);
  }

  /** A failure with a message and its cause. */
  public EventStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed if simply retried. */
  public boolean isRetryable() {
    return false;
  }
}
