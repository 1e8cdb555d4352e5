package dev.eventcore.saga;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Projection;

/**
 * Delivers events to a runner, which may hold steps back to write them together (written when the
 * subscription catches up at the latest); an event dead-lettered undecoded counts as passed.
 */
final class SagaProjection<S, E> implements Projection {
  private final DefaultSagaRunner<S, E> runner;
  private final Delivery<S, E> delivery;
  private final Saga<S, E> saga;

  SagaProjection(DefaultSagaRunner<S, E> runner, Delivery<S, E> delivery, Saga<S, E> saga) {
    this.runner = runner;
    this.delivery = delivery;
    this.saga = saga;
  }

  @Override
  public String name() {
    return "saga-" + saga.name();
  }

  @Override
  public EventFilter filter() {
    return saga.filter();
  }

  @Override
  public void handle(RecordedEvent<?> event) {
    delivery.delivered(event);
  }

  @Override
  public void caughtUp() {
    delivery.flush();
  }

  @Override
  public GlobalPosition settledUpTo(GlobalPosition handled) {
    return delivery.settledUpTo(handled);
  }

  /**
   * Writes what is held first: a passed event moves the position a due timeout waits for, which
   * must not pass a held event (an answer held would lose to the timeout it cancels).
   */
  @Override
  public void skipped(RecordedEvent<?> event) {
    delivery.flush();
    runner.passed(event);
  }

  @Override
  public void resumesAfter(GlobalPosition position) {
    delivery.resumesAfter(position); // handled before: by this runner, or by one before a restart
  }

  @Override
  public String toString() {
    return "Projection[" + name() + ", " + filter() + "]";
  }
}
