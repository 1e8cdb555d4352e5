package dev.eventcore.examples.bank;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.command.Command;
import dev.eventcore.command.CommandExecutor;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decision;
import dev.eventcore.command.StreamsRead;
import dev.eventcore.examples.Ids;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.bank.AccountEvent.TransferCredited;
import dev.eventcore.examples.bank.AccountEvent.TransferDebited;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Moves money between two accounts in one atomic append: a {@code TransferDebited} on the payer's
 * stream and a {@code TransferCredited} on the payee's, or nothing at all.
 *
 * <pre>{@code
 * CommandExecutor bank = CommandExecutor.of(store);
 * bank.execute(new Transfer("t-1", "alice", "bob", Money.ofCents(3_000)));
 * }</pre>
 *
 * <p>The {@link CommandExecutor} reads both account streams, folds each with {@link
 * Account#DECIDER}, calls {@link #decide}, and appends to both streams with the versions it read
 * as expected versions. If a concurrent transfer touched either account in between, the append
 * fails as a whole and the executor reads and decides again: the overdraft check always runs on
 * the balance the debit is applied to.
 *
 * <p>The transfer id is carried into both events, linking them. It does not make a resubmitted
 * transfer a no-op: deduplicating requests is the caller's concern (e.g. a saga's command id).
 *
 * @param transferId names the transfer in both events
 * @param fromAccountId the payer
 * @param toAccountId the payee; not the payer
 * @param amount above zero
 */
public record Transfer(String transferId, String fromAccountId, String toAccountId, Money amount)
    implements Command<Map<StreamId, Account>> {

  /** Validates the arguments. */
  public Transfer {
    Ids.require(transferId, "transferId");
    Ids.require(fromAccountId, "fromAccountId");
    Ids.require(toAccountId, "toAccountId");
    Objects.requireNonNull(amount, "amount");
    if (fromAccountId.equals(toAccountId)) {
      throw new IllegalArgumentException(
          "a transfer needs two different accounts, but both are " + fromAccountId);
    }
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("a transfer amount must be above zero, but was " + amount);
    }
  }

  /** The consistency boundary: both accounts. */
  @Override
  public List<StreamId> streams() {
    return List.of(Account.stream(fromAccountId), Account.stream(toAccountId));
  }

  /** No account known yet. */
  @Override
  public Map<StreamId, Account> initialState() {
    return Map.of();
  }

  /** Folds {@code event} into the account of its stream, with the account's own decider. */
  @Override
  public Map<StreamId, Account> evolve(Map<StreamId, Account> accounts, RecordedEvent<?> event) {
    Account before = accounts.getOrDefault(event.streamId(), Account.NONE);
    Map<StreamId, Account> next = new HashMap<>(accounts);
    next.put(event.streamId(), Account.DECIDER.evolve(before, event.payloadAs(AccountEvent.class)));
    return next;
  }

  /** Debits and credits, or rejects if an account is missing or the payer's limit is exceeded. */
  @Override
  public Decision decide(Map<StreamId, Account> accounts, StreamsRead read) {
    StreamId from = Account.stream(fromAccountId);
    StreamId to = Account.stream(toAccountId);
    Account payer = accounts.getOrDefault(from, Account.NONE);
    if (!payer.opened()) {
      throw new CommandRejectedException(
          "transfer " + transferId + ": account " + fromAccountId + " does not exist");
    }
    if (!accounts.getOrDefault(to, Account.NONE).opened()) {
      throw new CommandRejectedException(
          "transfer " + transferId + ": account " + toAccountId + " does not exist");
    }
    Money after = payer.balance().minus(amount);
    if (after.compareTo(payer.overdraftLimit().negated()) < 0) {
      throw new CommandRejectedException(
          "transfer " + transferId + " of " + amount + " would leave account " + fromAccountId
              + " at " + after + ", below its overdraft limit of " + payer.overdraftLimit()
              + " (balance " + payer.balance() + ")");
    }
    return Decision.append(from, new TransferDebited(transferId, fromAccountId, toAccountId, amount))
        .and(to, new TransferCredited(transferId, toAccountId, fromAccountId, amount));
  }
}
