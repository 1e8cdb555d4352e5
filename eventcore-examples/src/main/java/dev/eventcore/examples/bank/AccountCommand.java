package dev.eventcore.examples.bank;

import dev.eventcore.examples.Ids;
import dev.eventcore.examples.Money;
import java.util.Objects;

/** Single-account commands, handled by {@link Account#DECIDER}. Transfers are a {@link Transfer}. */
public sealed interface AccountCommand {

  /**
   * Open account {@code accountId}.
   *
   * @param overdraftLimit how far below zero the balance may go: zero or more
   */
  record OpenAccount(String accountId, Money overdraftLimit) implements AccountCommand {
    /** Validates the arguments. */
    public OpenAccount {
      Ids.require(accountId, "accountId");
      Objects.requireNonNull(overdraftLimit, "overdraftLimit");
      if (overdraftLimit.signum() < 0) {
        throw new IllegalArgumentException(
            "an overdraft limit is zero or more, but was " + overdraftLimit);
      }
    }
  }

  /** Pay {@code amount} (above zero) into the account. */
  record Deposit(Money amount) implements AccountCommand {
    /** Validates the argument. */
    public Deposit {
      Objects.requireNonNull(amount, "amount");
      if (amount.signum() <= 0) {
        throw new IllegalArgumentException("a deposit must be above zero, but was " + amount);
      }
    }
  }
}
