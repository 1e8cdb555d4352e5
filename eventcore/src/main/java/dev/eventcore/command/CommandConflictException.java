package dev.eventcore.command;

import dev.eventcore.EventStoreException;
import dev.eventcore.WrongExpectedVersionException;
import java.util.Objects;

/**
 * A command kept losing the race against concurrent writers: every attempt the {@link
 * dev.eventcore.retry.RetryPolicy} allowed ended in a {@link WrongExpectedVersionException} (the
 * cause, from the last attempt). Nothing of this command was written.
 *
 * <p>Retrying later may succeed ({@link #isRetryable()} is {@code true}); persistent conflicts mean
 * a hot stream: consider a smaller consistency boundary.
 *
 * @since 0.1.0
 */
public final class CommandConflictException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final int attempts;

  /**
   * @param command a description of the command, for the message
   * @param attempts the attempts made
   * @param lastConflict the conflict of the last attempt
   */
  public CommandConflictException(
      String command, int attempts, WrongExpectedVersionException lastConflict) {
    super(
        "command "
            + command
            + " gave up after "
            + attempts
            + " attempts, each conflicting with a concurrent write; last: "
            + lastConflict.getMessage(),
        lastConflict);
    this.attempts = attempts;
  }

  /** The attempts made, all of them conflicting. */
  public int attempts() {
    return attempts;
  }

  /** The conflict of the last attempt. */
  public WrongExpectedVersionException lastConflict() {
    return (WrongExpectedVersionException) Objects.requireNonNull(getCause(), "cause");
  }

  /**
   * Always {@link Retry#SAME_CALL}: executing the command again (later) re-reads and may win
   * the race.
   */
  @Override
  public Retry retry() {
    return Retry.SAME_CALL;
  }
}
