package dev.eventcore.saga;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.Optional;

/**
 * A three-step saga for the runner's tests: do step 1, 2 and 3 in turn; if step 2 is rejected
 * undo step 1; if the deadline passes first, undo every step done.
 */
final class Booking implements Saga<Booking.State, Booking.Fact> {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  /** The request that starts a booking, on stream {@code request-<key>}. */
  record Requested(String key) {}

  /** A service's answer: {@code step} of booking {@code key} was done. */
  record StepDone(String key, int step) {}

  /** Commands. */
  sealed interface Cmd {
    String key();
  }

  record Do(String key, int step) implements Cmd {}

  record Undo(String key, int step) implements Cmd {}

  /** The saga's facts. */
  sealed interface Fact {}

  record Started(String key) implements Fact {}

  record Done(int step) implements Fact {}

  record Compensated(String why) implements Fact {}

  record State(String key, boolean started, int done, String outcome) {
    static final State NONE = new State("", false, 0, "");
  }

  @Override
  public String name() {
    return "booking";
  }

  @Override
  public EventFilter filter() {
    return EventTypes.of(Requested.class, StepDone.class).asFilter();
  }

  @Override
  public Optional<String> associationOf(RecordedEvent<?> event) {
    if (event.payload() instanceof Requested) {
      return Optional.of(((Requested) event.payload()).key());
    }
    if (event.payload() instanceof StepDone) {
      return Optional.of(((StepDone) event.payload()).key());
    }
    return Optional.empty();
  }

  @Override
  public Class<Fact> eventType() {
    return Fact.class;
  }

  @Override
  public State initialState() {
    return State.NONE;
  }

  @Override
  public State evolve(State state, Fact fact) {
    if (fact instanceof Started) {
      return new State(((Started) fact).key(), true, 0, "");
    }
    if (fact instanceof Done) {
      return new State(state.key(), true, ((Done) fact).step(), state.outcome());
    }
    return new State(state.key(), true, state.done(), ((Compensated) fact).why());
  }

  @Override
  public SagaStep<Fact> react(State state, RecordedEvent<?> event) {
    Object payload = event.payload();
    if (payload instanceof Requested && !state.started()) {
      String key = ((Requested) payload).key();
      return SagaStep.<Fact>record(new Started(key)).dispatch(new Do(key, 1)).schedule("deadline", DEADLINE);
    }
    if (payload instanceof StepDone) {
      StepDone done = (StepDone) payload;
      if (done.step() != state.done() + 1) {
        return SagaStep.none();
      }
      SagaStep<Fact> step = SagaStep.record(new Done(done.step()));
      return done.step() == 3
          ? step.cancel("deadline").complete()
          : step.dispatch(new Do(done.key(), done.step() + 1));
    }
    return SagaStep.none();
  }

  @Override
  public SagaStep<Fact> onTimeout(State state, String name) {
    return compensate(state, "timed out");
  }

  @Override
  public SagaStep<Fact> onRejected(State state, Object command, String reason) {
    return compensate(state, reason);
  }

  private static SagaStep<Fact> compensate(State state, String why) {
    return undoAll(state.key(), state, SagaStep.<Fact>record(new Compensated(why))).complete();
  }

  static SagaStep<Fact> undoAll(String key, State state, SagaStep<Fact> step) {
    SagaStep<Fact> next = step;
    for (int i = state.done(); i >= 1; i--) {
      next = next.dispatch(new Undo(key, i));
    }
    return next;
  }
}
