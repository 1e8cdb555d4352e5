package dev.eventcore.saga;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.projection.Projection;

/** Delivers events to a runner; an event dead-lettered undecoded counts as passed. */
final class SagaProjection<S, E> implements Projection {
  private final DefaultSagaRunner<S, E> runner;
  private final Saga<S, E> saga;

  SagaProjection(DefaultSagaRunner<S, E> runner, Saga<S, E> saga) {
    this.runner = runner;
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
    runner.handle(event);
  }

  @Override
  public void skipped(RecordedEvent<?> event) {
    runner.passed(event);
  }

  @Override
  public void resumesAfter(GlobalPosition position) {
    runner.passedTo(position); // handled before: by this runner, or by one before a restart
  }

  @Override
  public String toString() {
    return "Projection[" + name() + ", " + filter() + "]";
  }
}
