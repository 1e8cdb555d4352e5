package dev.eventcore.saga;

import dev.eventcore.RecordedEvent;

/** What makes a saga take a step; its id is the idempotency key of the step. */
sealed interface Trigger {
  String id();

  String describe();

  <S, E> SagaStep<E> apply(Saga<S, E> saga, S state);

  record Event(RecordedEvent<?> event) implements Trigger {
    @Override
    public String id() {
      return event.id().toString();
    }

    @Override
    public String describe() {
      return event.type() + " " + event.streamId().value() + "@" + event.version().value();
    }

    @Override
    public <S, E> SagaStep<E> apply(Saga<S, E> saga, S state) {
      return saga.react(state, event);
    }
  }

  record Timeout(SagaEvent.TimeoutScheduled timeout) implements Trigger {
    @Override
    public String id() {
      return "timeout:" + timeout.timeoutId();
    }

    @Override
    public String describe() {
      return "timeout " + timeout.name() + " due " + timeout.due();
    }

    @Override
    public <S, E> SagaStep<E> apply(Saga<S, E> saga, S state) {
      return saga.onTimeout(state, timeout.name());
    }
  }

  record Rejected(SagaCommand command, String reason) implements Trigger {
    @Override
    public String id() {
      return "rejected:" + command.id();
    }

    @Override
    public String describe() {
      return "rejected " + command.command().getClass().getSimpleName() + ": " + reason;
    }

    @Override
    public <S, E> SagaStep<E> apply(Saga<S, E> saga, S state) {
      return saga.onRejected(state, command.command(), reason);
    }
  }
}
