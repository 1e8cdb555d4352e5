package dev.eventcore.command;

import java.util.List;

/** A counter aggregate as a decider; its state remembers the order of events (checksum). */
final class Counter {
  private Counter() {}

  sealed interface CounterEvent permits Incremented, Reset {}

  record Incremented(int by) implements CounterEvent {}

  record Reset() implements CounterEvent {}

  /** The count, how many events, and an order-sensitive checksum of them. */
  record State(long count, long events, long checksum) {
    static final State ZERO = new State(0, 0, 17);
  }

  record Increment(int by) {}

  /** Adds {@code increments} events in one command. */
  record IncrementEach(List<Integer> increments) {}

  static final int LIMIT = 1_000_000;

  static final Decider<Object, State, CounterEvent> DECIDER =
      Decider.of(
          State.ZERO,
          (state, event) -> {
            long code = event instanceof Incremented inc ? inc.by() : -1;
            long count = event instanceof Incremented inc ? state.count() + inc.by() : 0;
            return new State(count, state.events() + 1, state.checksum() * 31 + code);
          },
          (command, state) -> {
            if (command instanceof Increment increment) {
              if (state.count() + increment.by() > LIMIT) {
                throw new CommandRejectedException("limit is " + LIMIT);
              }
              return increment.by() == 0 ? List.of() : List.of(new Incremented(increment.by()));
            }
            if (command instanceof IncrementEach each) {
              return each.increments().stream()
                  .<CounterEvent>map(by -> by < 0 ? new Reset() : new Incremented(by))
                  .toList();
            }
            throw new IllegalArgumentException("unknown command " + command);
          });
}
