package dev.eventcore.saga;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import java.util.Optional;

/**
 * A process manager: pure functions from its state and what happens to the next {@link SagaStep}.
 *
 * <p>Each saga instance is identified by an association key ({@link #associationOf}) and keeps its
 * state as events of type {@code E} in its own stream, {@code saga_<name>-<key>}: the state is
 * {@link #initialState()} folded with {@link #evolve} over the facts its steps recorded, exactly as
 * for an aggregate. Nothing here may have side effects: the runner may call these functions again
 * for a redelivered event (and then discards the result).
 *
 * <pre>{@code
 * public SagaStep<TransferEvent> react(TransferState state, RecordedEvent<?> event) {
 *   if (event.payload() instanceof TransferRequested r) {
 *     return SagaStep.record(new Started(r.amount())).dispatch(new Debit(r.from(), r.amount()))
 *         .schedule("deadline", Duration.ofMinutes(5));
 *   }
 *   ...
 * }
 * }</pre>
 *
 * <p>Saga state events, the commands a saga dispatches and {@link SagaEvent} must all be
 * registered in the store's {@code EventTypes}: they are stored in the saga's stream.
 *
 * @param <S> the saga state, folded from its events
 * @param <E> the saga's own events (the facts of its progress)
 *
 * @since 0.1.0
 */
public interface Saga<S, E> {

  /**
   * The saga's name: 1 to 64 letters, digits or {@code '_'}. It names the saga streams' category
   * and the runner's projection; keep it stable.
   */
  String name();

  /** The events the saga reacts to; the runner only reads those. */
  EventFilter filter();

  /**
   * The instance {@code event} belongs to, or empty if the saga ignores it. By default the event's
   * correlation id; override for an explicit key such as an order id in the payload.
   */
  default Optional<String> associationOf(RecordedEvent<?> event) {
    return event.metadata().correlationId();
  }

  /** The class of the saga's own events, to recognise them in its stream. */
  Class<E> eventType();

  /** The state of an instance with no events. */
  S initialState();

  /** The state after {@code event}, one of the saga's own recorded facts. */
  S evolve(S state, E event);

  /**
   * The step for {@code event}, given the instance's state. An instance that does not exist yet
   * has the {@linkplain #initialState() initial state}; returning {@link SagaStep#none()} then
   * starts nothing.
   */
  SagaStep<E> react(S state, RecordedEvent<?> event);

  /** The step when the timeout {@code name} scheduled by an earlier step is due. */
  SagaStep<E> onTimeout(S state, String name);

  /**
   * The step when {@code command}, dispatched by an earlier step, was refused for {@code reason}
   * (a business "no", never retried). By default nothing happens.
   */
  default SagaStep<E> onRejected(S state, Object command, String reason) {
    return SagaStep.none();
  }
}
