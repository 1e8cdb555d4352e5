package dev.eventcore.examples.bank;

import dev.eventcore.EventStore;
import dev.eventcore.StreamId;
import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.bank.AccountCommand.Deposit;
import dev.eventcore.examples.bank.AccountCommand.OpenAccount;
import dev.eventcore.examples.bank.AccountEvent.AccountOpened;
import dev.eventcore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventcore.examples.bank.AccountEvent.TransferCredited;
import dev.eventcore.examples.bank.AccountEvent.TransferDebited;
import java.util.List;
import java.util.Objects;

/**
 * An account's state, folded from its stream ({@code account-<accountId>}). The same {@link
 * #DECIDER}'s {@code evolve} folds each account of a {@link Transfer}, so the balance is computed
 * one way everywhere.
 *
 * @param accountId empty until opened
 * @param balance the money in the account; at least minus {@code overdraftLimit}
 * @param overdraftLimit how far below zero the balance may go
 */
public record Account(String accountId, Money balance, Money overdraftLimit) {

  /** The state of an account stream with no events: not opened. */
  public static final Account NONE = new Account("", Money.zero(), Money.zero());

  /** Opening and deposits, as a decider. Thread-safe (it holds no state). */
  public static final Decider<AccountCommand, Account, AccountEvent> DECIDER =
      Decider.of(NONE, Account::evolve, Account::decide);

  /** Checks the arguments. */
  public Account {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(overdraftLimit, "overdraftLimit");
  }

  /** The stream of account {@code accountId}: {@code account-<accountId>}. */
  public static StreamId stream(String accountId) {
    return StreamId.of("account", accountId);
  }

  /** A repository handling account commands on {@code store}. */
  public static AggregateRepository<AccountCommand, Account, AccountEvent> repository(
      EventStore store) {
    return AggregateRepository.of(store, DECIDER, AccountEvent.class);
  }

  /** Whether the account was opened. */
  public boolean opened() {
    return !accountId.isEmpty();
  }

  /** The most a transfer may take out now: balance plus overdraft limit. */
  public Money spendable() {
    return balance.plus(overdraftLimit);
  }

  private static List<AccountEvent> decide(AccountCommand command, Account account) {
    if (command instanceof OpenAccount) {
      OpenAccount open = (OpenAccount) command;
      if (account.opened()) {
        throw new CommandRejectedException("account " + account.accountId + " is open already");
      }
      return List.of(new AccountOpened(open.accountId(), open.overdraftLimit()));
    }
    if (command instanceof Deposit) {
      if (!account.opened()) {
        throw new CommandRejectedException("cannot deposit into an account that was never opened");
      }
      return List.of(new MoneyDeposited(account.accountId, ((Deposit) command).amount()));
    }
    throw new IllegalArgumentException("unknown account command " + command);
  }

  private static Account evolve(Account account, AccountEvent event) {
    if (event instanceof AccountOpened) {
      return new Account(event.accountId(), Money.zero(), ((AccountOpened) event).overdraftLimit());
    }
    if (event instanceof MoneyDeposited) {
      return account.withBalance(account.balance.plus(((MoneyDeposited) event).amount()));
    }
    if (event instanceof TransferDebited) {
      return account.withBalance(account.balance.minus(((TransferDebited) event).amount()));
    }
    if (event instanceof TransferCredited) {
      return account.withBalance(account.balance.plus(((TransferCredited) event).amount()));
    }
    throw new IllegalArgumentException("unknown account event " + event);
  }

  private Account withBalance(Money next) {
    return new Account(accountId, next, overdraftLimit);
  }
}
