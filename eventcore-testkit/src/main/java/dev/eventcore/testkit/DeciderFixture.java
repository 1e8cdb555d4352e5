package dev.eventcore.testkit;

import dev.eventcore.command.CommandRejectedException;
import dev.eventcore.command.Decider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then tests for a {@link Decider}, with no store: the given events are folded with
 * {@code evolve}, the command decided with {@code decide}.
 *
 * <pre>{@code
 * DeciderFixture<Increment, Integer, CounterEvent> counter = DeciderFixture.of(COUNTER);
 * counter.given(new Incremented(98)).when(new Increment(2)).then(new Incremented(2));
 * counter.given(new Incremented(99)).when(new Increment(2)).thenRejected("limit is 100");
 * counter.given().when(new Increment(0)).thenNothing();
 * }</pre>
 *
 * <p>Failures are {@link org.opentest4j.AssertionFailedError}s with the expected and actual events
 * one per line, so IDEs show a diff.
 *
 * @param <C> the command type
 * @param <S> the state type
 * @param <E> the event type
 *
 * @since 0.1.0
 */
public final class DeciderFixture<C, S, E> {
  private final Decider<C, S, E> decider;

  private DeciderFixture(Decider<C, S, E> decider) {
    this.decider = decider;
  }

  /** A fixture for {@code decider}; reusable for any number of tests. */
  public static <C, S, E> DeciderFixture<C, S, E> of(Decider<C, S, E> decider) {
    return new DeciderFixture<>(Objects.requireNonNull(decider, "decider"));
  }

  /** The aggregate's history: {@code events} folded from the initial state. */
  @SafeVarargs
  public final Given given(E... events) {
    List<E> list = new ArrayList<>();
    for (E event : events) {
      list.add(event);
    }
    return given(list);
  }

  /** The aggregate's history: {@code events} folded from the initial state. */
  public Given given(List<? extends E> events) {
    return new Given(decider.fold(decider.initialState(), List.copyOf(events)));
  }

  /** The state after the given events, ready for a command. */
  public final class Given {
    private final S state;

    private Given(S state) {
      this.state = state;
    }

    /** Decides {@code command} on the given state. */
    public Then when(C command) {
      Objects.requireNonNull(command, "command");
      String when = String.valueOf(command);
      try {
        List<E> events = Objects.requireNonNull(decider.decide(command, state), "decide");
        return new Then(Outcome.events(when, events), decider.fold(state, events));
      } catch (RuntimeException e) {
        return new Then(Outcome.failure(when, e), state);
      }
    }

    /** The state folded from the given events. */
    public S state() {
      return state;
    }
  }

  /** The outcome of the command, to assert on. */
  public final class Then {
    private final Outcome outcome;
    private final S stateAfter;

    private Then(Outcome outcome, S stateAfter) {
      this.outcome = outcome;
      this.stateAfter = stateAfter;
    }

    /** Asserts the command produced exactly {@code expected}, in order. */
    @SafeVarargs
    public final Then then(E... expected) {
      List<E> wanted = new ArrayList<>();
      for (E event : expected) {
        wanted.add(event);
      }
      List<?> actual = outcome.events("events " + Outcome.render(wanted));
      outcome.assertEvents("the events", wanted, actual);
      return this;
    }

    /** Asserts the command succeeded and produced no events. */
    public Then thenNothing() {
      outcome.assertEvents("the events", List.of(), outcome.events("no events"));
      return this;
    }

    /** Asserts the state after the produced events equals {@code expected}. */
    public Then thenState(S expected) {
      outcome.events("state " + expected);
      if (!Objects.equals(expected, stateAfter)) {
        outcome.assertEvents("the states", List.of(expected), List.of(stateAfter));
      }
      return this;
    }

    /** Asserts the command was rejected ({@link CommandRejectedException}) for any reason. */
    public void thenRejected() {
      outcome.assertRejected(null);
    }

    /** Asserts the command was rejected with exactly {@code reason}. */
    public void thenRejected(String reason) {
      outcome.assertRejected(Objects.requireNonNull(reason, "reason"));
    }

    /** Asserts {@code decide} threw a {@code type}, and returns it. */
    public <T extends Throwable> T thenThrows(Class<T> type) {
      return outcome.assertThrows(type);
    }
  }
}
