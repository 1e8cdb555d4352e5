package dev.eventcore.benchmarks.events;

import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import java.util.List;

/**
 * The aggregate of the command workloads: an account whose state is its balance and event count.
 * Command {@link Post} appends the account's next event ({@link Payloads#event}), so library and
 * raw-JDBC commands write the same rows the other workloads do. The raw baseline calls the same
 * {@link #DECIDER} functions, so both sides fold and decide alike.
 */
public final class Accounts {
  /** The state revision of {@link Account} for snapshots. */
  public static final int STATE_REVISION = 1;

  /** Posts the account's next event; rejects a withdrawal the balance does not cover. */
  public static final Decider<Post, Account, BenchEvent> DECIDER =
      Decider.of(Account.EMPTY, Accounts::evolve, Accounts::decide);

  private Accounts() {}

  /**
   * An account's folded state (Jackson-serializable, for snapshots).
   *
   * @param balanceCents the balance
   * @param events the events folded so far
   */
  public record Account(long balanceCents, long events) {
    /** The state before any event. */
    public static final Account EMPTY = new Account(0, 0);
  }

  /**
   * Post the next event to {@code account}.
   *
   * @param account the account id (its stream name)
   */
  public record Post(String account) {}

  private static Account evolve(Account state, BenchEvent event) {
    if (event instanceof BenchEvent.Deposited deposited) {
      return new Account(state.balanceCents() + deposited.amountCents(), state.events() + 1);
    }
    BenchEvent.Withdrawn withdrawn = (BenchEvent.Withdrawn) event;
    return new Account(state.balanceCents() - withdrawn.amountCents(), state.events() + 1);
  }

  private static List<BenchEvent> decide(Post command, Account state) {
    BenchEvent next = Payloads.event(command.account(), state.events() + 1);
    if (next instanceof BenchEvent.Withdrawn withdrawn
        && withdrawn.amountCents() > state.balanceCents()) {
      throw new CommandRejectedException("insufficient funds in " + command.account());
    }
    return List.of(next);
  }
}
