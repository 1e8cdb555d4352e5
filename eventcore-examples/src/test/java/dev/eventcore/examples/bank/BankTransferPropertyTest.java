package dev.eventcore.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.eventcore.command.AggregateRepository;
import dev.eventcore.command.CommandExecutor;
import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.bank.AccountCommand.Deposit;
import dev.eventcore.examples.bank.AccountCommand.OpenAccount;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.serialization.EventTypes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random transfers between random accounts on a real store: the bank's total never changes, no
 * account ever goes below its limit, and a transfer is rejected exactly when a simple model of
 * the balances says it must be.
 */
class BankTransferPropertyTest {

  record Opening(long depositCents, long limitCents) {}

  record Move(int from, int to, long cents) {}

  static final Gen<List<Opening>> ACCOUNTS =
      lists().of(longs().between(0, 100_000).zip(longs().between(0, 50_000), Opening::new))
          .ofSizeBetween(2, 6);

  static final Gen<List<Move>> MOVES =
      lists().of(integers().between(0, 5).zip(integers().between(0, 5),
              longs().between(1, 60_000), Move::new))
          .ofSizeBetween(0, 40);

  @Test
  void transfersNeverChangeTheTotalNorBreakALimit() {
    qt().withFixedSeed(20_240_601L)
        .withExamples(200)
        .forAll(ACCOUNTS, MOVES)
        .checkAssert(BankTransferPropertyTest::check);
  }

  static void check(List<Opening> openings, List<Move> moves) {
    try (InMemoryEventStore store = new InMemoryEventStore(EventTypes.of(AccountEvent.class))) {
      AggregateRepository<AccountCommand, Account, AccountEvent> accounts =
          Account.repository(store);
      CommandExecutor bank = CommandExecutor.of(store);
      int n = openings.size();
      long[] model = new long[n];
      long total = 0;
      for (int i = 0; i < n; i++) {
        Opening opening = openings.get(i);
        accounts.handle(Account.stream("a" + i),
            new OpenAccount("a" + i, Money.ofCents(opening.limitCents())));
        if (opening.depositCents() > 0) {
          accounts.handle(Account.stream("a" + i), new Deposit(Money.ofCents(opening.depositCents())));
        }
        model[i] = opening.depositCents();
        total += opening.depositCents();
      }
      int number = 0;
      for (Move move : moves) {
        int from = move.from() % n;
        int to = (from + 1 + move.to() % (n - 1)) % n;
        boolean allowed = model[from] - move.cents() >= -openings.get(from).limitCents();
        Transfer transfer =
            new Transfer("t" + number++, "a" + from, "a" + to, Money.ofCents(move.cents()));
        try {
          bank.execute(transfer);
          assertTrue(allowed, "accepted although it breaks the limit: " + transfer);
          model[from] -= move.cents();
          model[to] += move.cents();
        } catch (CommandRejectedException e) {
          assertTrue(!allowed, "rejected although allowed: " + transfer + ": " + e.reason());
        }
      }
      long sum = 0;
      for (int i = 0; i < n; i++) {
        Account account = accounts.load(Account.stream("a" + i)).state();
        assertEquals(model[i], account.balance().cents(), "balance of a" + i);
        assertTrue(account.spendable().signum() >= 0, "a" + i + " below its limit: " + account);
        sum += account.balance().cents();
      }
      assertEquals(total, sum, "money created or lost");
    }
  }
}
