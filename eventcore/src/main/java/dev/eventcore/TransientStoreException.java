package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * The store could not complete the call for a reason that may pass: the connection was lost, the
 * server restarted, the transaction was aborted by a serialization failure or deadlock. Retrying
 * the same call may succeed. An append retried with the same event ids is safe even when the first
 * attempt did commit (see {@link #outcomeUnknown()}).
 *
 * @since 0.1.0
 */
public class TransientStoreException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final boolean outcomeUnknown;

  /** A transient failure; {@code outcomeUnknown} when a commit may or may not have happened. */
  public TransientStoreException(String message, @Nullable Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * Whether the store cannot tell if the append committed (the connection broke after the commit
   * was sent). Retry with the same event ids: the store then returns the original result if it did.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  /**
   * Always {@link Retry#SAME_CALL}: the cause may pass; an append retried with the same event
   * ids is safe even when {@link #outcomeUnknown()}.
   */
  @Override
  public Retry retry() {
    return Retry.SAME_CALL;
  }
}
