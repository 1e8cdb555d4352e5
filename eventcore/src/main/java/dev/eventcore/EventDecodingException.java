package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * A stored event could not be turned back into its class (its data does not fit the class, or an
 * upcaster failed). The message names the type, stream, version and position. Reads stop at such an
 * event rather than skip it; a read of the store throws the subclass {@link
 * UndecodableEventException}, which carries the event's position and raw envelope.
 *
 * @since 0.1.0
 */
public class EventDecodingException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /** A decoding failure with its message and cause. */
  public EventDecodingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * {@link Retry#NEVER}: the stored event stays as it is; fix the class or add an upcaster (or
   * read it raw).
   */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
