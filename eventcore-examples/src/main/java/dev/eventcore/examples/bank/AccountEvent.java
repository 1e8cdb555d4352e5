package dev.eventcore.examples.bank;

import dev.eventcore.examples.Money;

/** The facts of an account. A transfer writes one event to each of its two accounts. */
public sealed interface AccountEvent {

  /** The account the event belongs to. */
  String accountId();

  /** The account was opened; its balance may go down to minus {@code overdraftLimit}. */
  record AccountOpened(String accountId, Money overdraftLimit) implements AccountEvent {}

  /** Money was paid in from outside the bank. */
  record MoneyDeposited(String accountId, Money amount) implements AccountEvent {}

  /** Transfer {@code transferId} took {@code amount} out of this account to {@code toAccountId}. */
  record TransferDebited(String transferId, String accountId, String toAccountId, Money amount)
      implements AccountEvent {}

  /** Transfer {@code transferId} paid {@code amount} into this account from {@code fromAccountId}. */
  record TransferCredited(String transferId, String accountId, String fromAccountId, Money amount)
      implements AccountEvent {}
}
