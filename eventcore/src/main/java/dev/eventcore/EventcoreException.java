package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * The root of everything eventcore throws besides argument and state errors. Unchecked and
 * abstract: every concrete failure is a subclass that says what failed, and {@link #retry()} says
 * whether trying again can help.
 *
 * <table>
 *   <caption>The branches</caption>
 *   <tr><th>branch</th><th>what failed</th></tr>
 *   <tr><td>{@link EventStoreException}</td><td>the store: a conflict, a duplicate id, a payload
 *       over the limit, an event that cannot be decoded, a lost connection, an unclassified
 *       storage failure</td></tr>
 *   <tr><td>{@code CommandRejectedException}</td><td>nothing: a command's decision was "no"</td></tr>
 *   <tr><td>{@code ProjectionFailedException}, {@code SubscriptionFailedException}, {@code
 *       StaleCheckpointException}, {@code DeadLetterFailedException}</td><td>a projection, a
 *       subscription or a checkpoint writer stopped</td></tr>
 *   <tr><td>{@link OperationInterruptedException}</td><td>the host interrupted a waiting
 *       thread</td></tr>
 * </table>
 *
 * <p>Invalid arguments are {@link IllegalArgumentException} and {@link NullPointerException}, and a
 * call on a closed or unready component is an {@link IllegalStateException}, as everywhere in Java;
 * they are not part of this hierarchy.
 *
 * @since 0.1.0
 */
public abstract class EventcoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether, and how, trying again can help. */
  public enum Retry {
    /**
     * Trying again cannot help: the same call fails the same way until something outside it
     * changes (the data, the registration, the configuration, a human decision).
     */
    NEVER,
    /**
     * The same call, with the same arguments, may succeed: the cause may pass (a lost connection,
     * a rolled-back transaction). An append retried with the same event ids is safe.
     */
    SAME_CALL,
    /**
     * The same call fails again, but a fresh one may succeed: re-read the state, decide again and
     * call with what you read (a concurrency conflict). The command executor does this itself.
     */
    AFTER_REREAD
  }

  /** A failure with a message. */
  protected EventcoreException(String message) {
    super(message);
  }

  /** A failure with a message and its cause. */
  protected EventcoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Whether, and how, trying again can help; each concrete type documents its answer. */
  public abstract Retry retry();

  /**
   * Whether the same call may succeed if simply made again: {@code retry() == Retry.SAME_CALL}. A
   * conflict ({@link Retry#AFTER_REREAD}) is not: the same call fails again.
   */
  public final boolean isRetryable() {
    return retry() == Retry.SAME_CALL;
  }
}
