package dev.eventcore.benchmarks.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.benchmarks.events.Accounts.Account;
import dev.eventcore.benchmarks.events.Accounts.Post;
import dev.eventcore.command.CommandRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountsTest {

  @Test
  void postsTheAccountsNextEventAsTheOtherWorkloadsWriteIt() {
    Account state = Account.EMPTY;
    for (long n = 1; n <= 50; n++) {
      List<BenchEvent> decided = Accounts.DECIDER.decide(new Post("acc-1"), state);
      assertEquals(List.of(Payloads.event("acc-1", n)), decided);
      state = Accounts.DECIDER.fold(state, decided);
      assertEquals(n, state.events());
      assertTrue(state.balanceCents() > 0, "a prefix of the ledger never overdraws");
    }
    assertEquals(Accounts.DECIDER.fold(Account.EMPTY, Payloads.batch("acc-1", 1, 50).stream()
        .map(e -> e.payload()).toList()), state);
  }

  @Test
  void rejectsAWithdrawalTheBalanceDoesNotCover() {
    // event 4 of a ledger is a withdrawal
    CommandRejectedException e = assertThrows(CommandRejectedException.class,
        () -> Accounts.DECIDER.decide(new Post("acc-2"), new Account(0, 3)));
    assertTrue(e.getMessage().contains("acc-2"), e.getMessage());
  }
}
