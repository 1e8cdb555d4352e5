package dev.eventcore.health;

import dev.eventcore.EventFilter;
import dev.eventcore.RecordedEvent;
import dev.eventcore.saga.Saga;
import dev.eventcore.saga.SagaStep;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.Optional;

/** A saga that starts on each noted text and schedules a reminder a minute later, then ends. */
final class Reminders implements Saga<Boolean, Reminders.Started> {
  static final Duration AFTER = Duration.ofMinutes(1);

  /** The saga's one fact. */
  record Started(String text) {}

  @Override
  public String name() {
    return "reminders";
  }

  @Override
  public EventFilter filter() {
    return EventTypes.of(ContractEvent.Noted.class).asFilter();
  }

  @Override
  public Optional<String> associationOf(RecordedEvent<?> event) {
    return event.payload() instanceof ContractEvent.Noted noted
        ? Optional.of(noted.text())
        : Optional.empty();
  }

  @Override
  public Class<Started> eventType() {
    return Started.class;
  }

  @Override
  public Boolean initialState() {
    return false;
  }

  @Override
  public Boolean evolve(Boolean state, Started event) {
    return true;
  }

  @Override
  public SagaStep<Started> react(Boolean started, RecordedEvent<?> event) {
    if (started || !(event.payload() instanceof ContractEvent.Noted noted)) {
      return SagaStep.none();
    }
    return SagaStep.record(new Started(noted.text())).schedule("remind", AFTER);
  }

  @Override
  public SagaStep<Started> onTimeout(Boolean started, String name) {
    return SagaStep.<Started>none().complete();
  }
}
