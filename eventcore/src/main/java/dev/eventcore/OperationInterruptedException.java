package dev.eventcore;

/**
 * A thread was interrupted while eventcore made it wait (between a command's attempts, for
 * example). The thread's interrupt flag is set again before this is thrown, and {@link
 * #getCause()} is the {@link InterruptedException}. Whatever the wait was for did not happen.
 *
 * <p>{@link Retry#NEVER}: the host asked the thread to stop; honour that rather than retry.
 *
 * @since 0.1.0
 */
public final class OperationInterruptedException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what was interrupted; {@code cause} is the interruption. */
  public OperationInterruptedException(String message, InterruptedException cause) {
    super(message, cause);
  }

  /** Always {@link Retry#NEVER}. */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
