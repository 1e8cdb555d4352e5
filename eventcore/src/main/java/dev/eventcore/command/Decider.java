package dev.eventcore.command;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A single-stream aggregate as three pure functions: the state before any event, how an event
 * changes the state, and which events a command produces given the state.
 *
 * <pre>{@code
 * sealed interface CounterEvent permits Incremented {}
 * record Incremented(int by) implements CounterEvent {}
 * record Increment(int by) {}
 *
 * Decider<Increment, Integer, CounterEvent> counter = Decider.of(
 *     0,
 *     (count, event) -> count + ((Incremented) event).by(),
 *     (command, count) -> {
 *       if (count + command.by() > 100) throw new CommandRejectedException("limit is 100");
 *       return List.of(new Incremented(command.by()));
 *     });
 * }</pre>
 *
 * <p>Run it with {@link AggregateRepository}; test it with {@code DeciderFixture} of {@code
 * eventcore-testkit}. Keep the functions free of side effects: they run again on every retry.
 * Keep states immutable: a repository caches them and hands the same state to commands on any
 * thread, and {@code evolve} must return a new state rather than change the one it is given. For
 * a state that grows with its stream (an entry per order, say), prefer structures that an event
 * extends without copying them whole, so each event folds in constant time ({@code FoldCost} of
 * {@code eventcore-testkit} checks it).
 *
 * @param <C> the command type
 * @param <S> the state type (for snapshots: a Jackson-serializable type, e.g. a record)
 * @param <E> the event type, typically a sealed interface
 *
 * @since 0.1.0
 */
public interface Decider<C, S, E> {

  /**
   * A decider from its three functions.
   *
   * @param initialState the state before any event
   * @param evolve how an event changes the state
   * @param decide the events a command produces; throws {@link CommandRejectedException} to reject
   */
  static <C, S, E> Decider<C, S, E> of(
      S initialState, BiFunction<S, E, S> evolve, BiFunction<C, S, List<E>> decide) {
    Objects.requireNonNull(initialState, "initialState");
    Objects.requireNonNull(evolve, "evolve");
    Objects.requireNonNull(decide, "decide");
    return new Decider<>() {
      @Override
      public S initialState() {
        return initialState;
      }

      @Override
      public S evolve(S state, E event) {
        return evolve.apply(state, event);
      }

      @Override
      public List<E> decide(C command, S state) {
        return decide.apply(command, state);
      }
    };
  }

  /** The state of an aggregate with no events. */
  S initialState();

  /** The state after {@code event}. */
  S evolve(S state, E event);

  /**
   * The events {@code command} produces in {@code state}; empty when there is nothing to do.
   *
   * @throws CommandRejectedException if a business rule forbids the command
   */
  List<E> decide(C command, S state);

  /** {@code state} after every event of {@code events}, in order. */
  default S fold(S state, List<? extends E> events) {
    S folded = state;
    for (E event : events) {
      folded = Objects.requireNonNull(evolve(folded, event), "evolve returned null");
    }
    return folded;
  }
}
