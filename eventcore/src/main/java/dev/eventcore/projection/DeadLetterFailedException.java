package dev.eventcore.projection;

import dev.eventcore.EventcoreException;
import org.jspecify.annotations.Nullable;

/**
 * A projection could not record an event in its {@link DeadLetterStore}, so it stops at that event
 * instead of skipping it. The message names the projection and the event; {@link #getCause()} is
 * the dead-letter store's failure, and the handler's own failure is {@linkplain #getSuppressed()
 * suppressed} in it.
 *
 * @since 0.1.0
 */
public final class DeadLetterFailedException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says which projection and event; {@code cause} is the store's failure. */
  public DeadLetterFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * The dead-letter store's answer when its failure is an eventcore one (a lost connection is
   * {@link Retry#SAME_CALL}: restarting the projection may record it), else {@link Retry#NEVER}.
   */
  @Override
  public Retry retry() {
    return getCause() instanceof EventcoreException
        ? ((EventcoreException) getCause()).retry()
        : Retry.NEVER;
  }
}
