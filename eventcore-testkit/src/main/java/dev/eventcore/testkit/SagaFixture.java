package dev.eventcore.testkit;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * Given/when/then tests for a {@link Saga}, with no store and no runner: the given events are
 * handed to {@code react} one by one and the facts of each step folded with {@code evolve}; the
 * step for the "when" is then checked.
 *
 * <pre>{@code
 * SagaFixture<State, FulfillmentEvent> saga = SagaFixture.of(new FulfillmentSaga());
 * saga.given(orderPlaced, stockReserved)
 *     .when(paymentDeclined)
 *     .thenDispatched(new ReleaseLine("o-1", APPLE), new CancelOrder("o-1", "payment declined"))
 *     .thenCompleted();
 * saga.given(orderPlaced, stockReserved).whenTimeout("payment").thenCompleted();
 * }</pre>
 *
 * <p>Each event is wrapped in a {@link RecordedEvent} of stream {@code given-<key>} whose
 * correlation id is {@code key} ({@code "saga-1"} unless {@link #withKey} says otherwise).
 * Failures are {@link AssertionFailedError}s with expected and actual values one per line.
 *
 * @param <S> the saga state
 * @param <E> the saga's events
 *
 * @since 0.1.0
 */
public final class SagaFixture<S, E> {
  private final Saga<S, E> saga;
  private final String key;

  private SagaFixture(Saga<S, E> saga, String key) {
    this.saga = saga;
    this.key = key;
  }

  /** A fixture for {@code saga}; reusable for any number of tests. */
  public static <S, E> SagaFixture<S, E> of(Saga<S, E> saga) {
    return new SagaFixture<>(Objects.requireNonNull(saga, "saga"), "saga-1");
  }

  /** This fixture with the correlation id {@code key} on every event. */
  public SagaFixture<S, E> withKey(String key) {
    return new SagaFixture<>(saga, Objects.requireNonNull(key, "key"));
  }

  /** The saga's history: each event handed to {@code react} and the steps' facts folded. */
  public Given given(Object... events) {
    S state = saga.initialState();
    long position = 0;
    for (Object event : events) {
      state = apply(state, saga.react(state, recorded(event, ++position)));
    }
    return new Given(state, position);
  }

  private S apply(S state, SagaStep<E> step) {
    S next = state;
    for (E event : step.events()) {
      next = saga.evolve(next, event);
    }
    return next;
  }

  private RecordedEvent<Object> recorded(Object payload, long position) {
    Objects.requireNonNull(payload, "event");
    return new RecordedEvent<>(GlobalPosition.of(position), StreamId.of("given", key),
        Version.of(position), EventId.random(), payload.getClass().getSimpleName(), payload,
        Metadata.empty().withCorrelationId(key), Instant.EPOCH);
  }

  /** The saga's state after the given events, ready for a trigger. */
  public final class Given {
    private final S state;
    private final long position;

    private Given(S state, long position) {
      this.state = state;
      this.position = position;
    }

    /** The step for {@code event}. */
    public Then when(Object event) {
      return new Then(state, saga.react(state, recorded(event, position + 1)));
    }

    /** The step when the timeout {@code name} fires. */
    public Then whenTimeout(String name) {
      return new Then(state, saga.onTimeout(state, Objects.requireNonNull(name, "name")));
    }

    /** The step when {@code command} was rejected for {@code reason}. */
    public Then whenRejected(Object command, String reason) {
      return new Then(state, saga.onRejected(state, command, reason));
    }

    /** The state after the given events. */
    public S state() {
      return state;
    }
  }

  /** Assertions on one step. */
  public final class Then {
    private final S before;
    private final SagaStep<E> step;

    private Then(S before, SagaStep<E> step) {
      this.before = before;
      this.step = step;
    }

    /** The step dispatches exactly {@code commands}, in this order. */
    public Then thenDispatched(Object... commands) {
      check("dispatched commands", List.of(commands), step.commands());
      return this;
    }

    /** The step records exactly {@code events}, in this order. */
    @SafeVarargs
    public final Then thenRecorded(E... events) {
      List<Object> expected = new ArrayList<>();
      for (E event : events) {
        expected.add(event);
      }
      check("recorded events", expected, step.events());
      return this;
    }

    /** The step schedules exactly the timeouts named {@code names}. */
    public Then thenScheduled(String... names) {
      check("scheduled timeouts", List.of(names),
          step.timeouts().stream().map(SagaStep.Timeout::name).collect(Collectors.toList()));
      return this;
    }

    /** The step cancels exactly the timeouts named {@code names}. */
    public Then thenCancelled(String... names) {
      check("cancelled timeouts", List.of(names), step.cancelledTimeouts());
      return this;
    }

    /** The step completes the saga. */
    public Then thenCompleted() {
      check("completes", List.of(true), List.of(step.completes()));
      return this;
    }

    /** The step leaves the saga running. */
    public Then thenNotCompleted() {
      check("completes", List.of(false), List.of(step.completes()));
      return this;
    }

    /** The step does nothing at all. */
    public Then thenNothing() {
      if (!step.isEmpty()) {
        throw new AssertionFailedError("expected no effect, but the step was " + step,
            "SagaStep.none()", step.toString());
      }
      return this;
    }

    /** The state after the step's facts equals {@code expected}. */
    public Then thenState(S expected) {
      check("state", List.of(expected), List.of(apply(before, step)));
      return this;
    }

    /** The step itself, for anything else. */
    public SagaStep<E> step() {
      return step;
    }

    private void check(String what, List<?> expected, List<?> actual) {
      if (!expected.equals(actual)) {
        throw new AssertionFailedError("unexpected " + what, lines(expected), lines(actual));
      }
    }

    private String lines(List<?> values) {
      return values.stream().map(String::valueOf).collect(Collectors.joining("\n"));
    }
  }
}
