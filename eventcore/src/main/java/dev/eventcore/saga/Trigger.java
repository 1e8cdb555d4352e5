package dev.eventcore.saga;

import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;

/** What makes a saga take a step; its id is the idempotency key of the step. */
sealed interface Trigger {
  String id();

  String describe();

  <S, E> SagaStep<E> apply(Saga<S, E> saga, S state);

  /** The metadata of what caused this trigger, for the observer: the step continues it. */
  Metadata cause(InstanceState<?, ?> instance);

  record Event(RecordedEvent<?> event) implements Trigger {
    /** The event id; for one of several events read from one stored event (a split), its part. */
    @Override
    public String id() {
      String part = event.metadata().entries().get(RecordedEvent.PART_KEY);
      return part == null ? event.id().toString() : event.id() + "#" + part;
    }

    @Override
    public String describe() {
      return event.type() + " " + event.streamId().value() + "@" + event.version().value();
    }

    @Override
    public <S, E> SagaStep<E> apply(Saga<S, E> saga, S state) {
      return saga.react(state, event);
    }

    @Override
    public Metadata cause(InstanceState<?, ?> instance) {
      return event.metadata();
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

    @Override
    public Metadata cause(InstanceState<?, ?> instance) {
      return instance.causeOf(timeout.timeoutId());
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

    @Override
    public Metadata cause(InstanceState<?, ?> instance) {
      return instance.causeOf(command.id().toString());
    }
  }
}
