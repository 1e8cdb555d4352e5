package dev.eventcore.command;

import dev.eventcore.EventcoreException;
import java.util.Objects;

/**
 * A command broke a business rule: the decision is "no", with a reason. Nothing was written.
 *
 * <p>Throw it from {@link Command#decide} or {@link Decider#decide}:
 *
 * <pre>{@code
 * if (state.balance() < amount) {
 *   throw new CommandRejectedException("insufficient funds: balance " + state.balance());
 * }
 * }</pre>
 *
 * <p>Never retried: the executor passes it straight to the caller, whatever the retry policy.
 *
 * @since 0.1.0
 */
public class CommandRejectedException extends EventcoreException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * A rejection with a reason meant for the caller.
   *
   * @param reason why the command was rejected: not blank
   */
  public CommandRejectedException(String reason) {
    super("command rejected: " + requireReason(reason));
    this.reason = reason;
  }

  private static String requireReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason, but it was blank");
    }
    return reason;
  }

  /** Why the command was rejected, as given to the constructor. */
  public String reason() {
    return reason;
  }

  /** Always {@link Retry#NEVER}: a rejected command is never retried; the answer stays "no". */
  @Override
  public final Retry retry() {
    return Retry.NEVER;
  }
}
