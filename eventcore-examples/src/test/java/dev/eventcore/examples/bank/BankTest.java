package dev.eventcore.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.StreamId;
import dev.eventcore.examples.Money;
import dev.eventcore.examples.bank.AccountCommand.Deposit;
import dev.eventcore.examples.bank.AccountCommand.OpenAccount;
import dev.eventcore.examples.bank.AccountEvent.AccountOpened;
import dev.eventcore.examples.bank.AccountEvent.MoneyDeposited;
import dev.eventcore.examples.bank.AccountEvent.TransferCredited;
import dev.eventcore.examples.bank.AccountEvent.TransferDebited;
import dev.eventcore.testkit.CommandFixture;
import dev.eventcore.testkit.DeciderFixture;
import dev.eventcore.testkit.FoldCost;
import org.junit.jupiter.api.Test;

/** Accounts and transfers, with the testing kit's fixtures. */
class BankTest {
  static final DeciderFixture<AccountCommand, Account, AccountEvent> ACCOUNT =
      DeciderFixture.of(Account.DECIDER);
  static final StreamId ALICE = Account.stream("alice");
  static final StreamId BOB = Account.stream("bob");

  static Money cents(long cents) {
    return Money.ofCents(cents);
  }

  @Test
  void anAccountOpensOnceAndTakesDeposits() {
    AccountOpened opened = new AccountOpened("alice", cents(5_000));
    ACCOUNT.given().when(new OpenAccount("alice", cents(5_000))).then(opened)
        .thenState(new Account("alice", Money.zero(), cents(5_000)));
    ACCOUNT.given(opened).when(new OpenAccount("alice", cents(0)))
        .thenRejected("account alice is open already");
    ACCOUNT.given(opened).when(new Deposit(cents(100)))
        .then(new MoneyDeposited("alice", cents(100)))
        .thenState(new Account("alice", cents(100), cents(5_000)));
    ACCOUNT.given().when(new Deposit(cents(100)))
        .thenRejected("cannot deposit into an account that was never opened");
  }

  @Test
  void aTransferDebitsOneAccountAndCreditsTheOtherTogether() {
    CommandFixture.create()
        .given(ALICE, new AccountOpened("alice", cents(0)), new MoneyDeposited("alice", cents(100)))
        .given(BOB, new AccountOpened("bob", cents(0)))
        .when(new Transfer("t-1", "alice", "bob", cents(30)))
        .then(ALICE, new TransferDebited("t-1", "alice", "bob", cents(30)))
        .then(BOB, new TransferCredited("t-1", "bob", "alice", cents(30)))
        .thenWroteOnlyTo(ALICE, BOB);
  }

  @Test
  void aTransferMayUseTheOverdraftUpToItsLimit() {
    CommandFixture.create()
        .given(ALICE, new AccountOpened("alice", cents(50)), new MoneyDeposited("alice", cents(100)))
        .given(BOB, new AccountOpened("bob", cents(0)))
        .when(new Transfer("t-1", "alice", "bob", cents(150)))
        .then(ALICE, new TransferDebited("t-1", "alice", "bob", cents(150)));
  }

  @Test
  void aTransferBeyondTheOverdraftLimitIsRejectedAndWritesNothing() {
    CommandFixture fixture = CommandFixture.create()
        .given(ALICE, new AccountOpened("alice", cents(50)), new MoneyDeposited("alice", cents(100)))
        .given(BOB, new AccountOpened("bob", cents(0)));
    fixture.when(new Transfer("t-1", "alice", "bob", cents(151)))
        .thenRejected(
            "transfer t-1 of 1.51 would leave account alice at -0.51, below its overdraft limit"
                + " of 0.50 (balance 1.00)");
    assertEquals(2, fixture.store().currentVersion(ALICE).value());
    assertEquals(1, fixture.store().currentVersion(BOB).value());
  }

  @Test
  void aTransferFromOrToAnAccountNeverOpenedIsRejected() {
    CommandFixture.create()
        .given(BOB, new AccountOpened("bob", cents(0)))
        .when(new Transfer("t-1", "alice", "bob", cents(1)))
        .thenRejected("transfer t-1: account alice does not exist");
    CommandFixture.create()
        .given(ALICE, new AccountOpened("alice", cents(10)))
        .when(new Transfer("t-2", "alice", "bob", cents(1)))
        .thenRejected("transfer t-2: account bob does not exist");
  }

  @Test
  void aTransferNeedsTwoAccountsAndAPositiveAmount() {
    IllegalArgumentException self = assertThrows(IllegalArgumentException.class,
        () -> new Transfer("t-1", "alice", "alice", cents(1)));
    assertEquals("a transfer needs two different accounts, but both are alice", self.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Transfer("t-1", "a", "b", cents(0)));
    assertThrows(IllegalArgumentException.class, () -> new OpenAccount("a", cents(-1)));
    assertThrows(IllegalArgumentException.class, () -> new Deposit(cents(0)));
  }

  @Test
  void foldingAnAccountCostsTheSameHoweverLongItsHistory() {
    FoldCost.of(Account.DECIDER).assertConstantPerEvent(i -> i == 0
        ? new AccountOpened("a-1", Money.ofCents(0))
        : i % 2 == 1 ? new MoneyDeposited("a-1", Money.ofCents(5))
        : new TransferDebited("t-" + i, "a-1", "a-2", Money.ofCents(3)));
  }
}
