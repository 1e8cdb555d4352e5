package dev.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * The storage failed in a way eventcore does not classify more precisely: an SQL error other than a
 * lost connection, a rolled-back transaction or bad data (a missing permission, a missing table,
 * a full disk), a stored snapshot that does not read as its class, the adapter's own resources
 * that cannot be read. The message says what was being done and who refused; {@link #getCause()}
 * is the original failure.
 *
 * <p>{@link Retry#NEVER}: retrying the same call is not expected to help; someone has to look.
 *
 * @since 0.1.0
 */
public final class StoreFailureException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what failed; {@code cause} is the original failure, or null. */
  public StoreFailureException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** Always {@link Retry#NEVER}. */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
