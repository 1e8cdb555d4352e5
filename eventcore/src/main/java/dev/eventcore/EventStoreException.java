package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * A failure of the event store (or a store beside it: snapshots, checkpoints of the same
 * database). Abstract: the subclasses say what went wrong by type.
 *
 * <ul>
 *   <li>{@link WrongExpectedVersionException}: a concurrency conflict; re-read and decide again
 *       ({@link Retry#AFTER_REREAD});
 *   <li>{@link DuplicateEventIdException}: an event id reused somewhere it is not a retry;
 *   <li>{@link PayloadTooLargeException}: an event over the size limit;
 *   <li>{@link UnknownEventTypeException}: a class or stored type name with no registration;
 *   <li>{@link EventDecodingException}: a stored event that cannot be turned into its class;
 *   <li>{@link TransientStoreException}: the store could not be reached or the transaction was
 *       aborted; the same call may succeed if retried ({@link Retry#SAME_CALL});
 *   <li>{@link StreamDeletedException}: an append to (or an operation on) a deleted stream;
 *   <li>{@link StoreFailureException}: the storage failed in a way eventcore does not classify
 *       more precisely (a permission, a missing table, a stored snapshot of the wrong class);
 *   <li>{@code CommandConflictException}: a command lost every attempt the retry policy allowed.
 * </ul>
 *
 * <p>A command's rejection ({@code CommandRejectedException}) is not a store failure and is not
 * caught by {@code catch (EventStoreException e)}.
 *
 * @since 0.1.0
 */
public abstract class EventStoreException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message. */
  protected EventStoreException(String message) {
    super(message);
  }

  /** A failure with a message and its cause. */
  protected EventStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
