package dev.eventcore.command;

import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tiny bank: account streams with deposits and withdrawals, and a transfer command. */
final class Bank {
  private Bank() {}

  sealed interface AccountEvent permits Deposited, Withdrawn {}

  record Deposited(long amount) implements AccountEvent {}

  record Withdrawn(long amount) implements AccountEvent {}

  static StreamId account(String id) {
    return StreamId.of("account", id);
  }

  /** Moves money between two accounts, atomically; rejected when the source lacks funds. */
  record Transfer(StreamId from, StreamId to, long amount) implements Command<Map<StreamId, Long>> {
    @Override
    public List<StreamId> streams() {
      return List.of(from, to);
    }

    @Override
    public Map<StreamId, Long> initialState() {
      return Map.of();
    }

    @Override
    public Map<StreamId, Long> evolve(Map<StreamId, Long> balances, RecordedEvent<?> event) {
      long delta =
          event.payload() instanceof Deposited deposited
              ? deposited.amount()
              : -event.payloadAs(Withdrawn.class).amount();
      Map<StreamId, Long> next = new HashMap<>(balances);
      next.merge(event.streamId(), delta, Long::sum);
      return next;
    }

    @Override
    public Decision decide(Map<StreamId, Long> balances, StreamsRead read) {
      long available = balances.getOrDefault(from, 0L);
      if (available < amount) {
        throw new CommandRejectedException("insufficient funds in " + from + ": " + available);
      }
      return Decision.append(from, new Withdrawn(amount)).and(to, new Deposited(amount));
    }
  }
}
