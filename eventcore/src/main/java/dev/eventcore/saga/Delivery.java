package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import java.util.List;
import java.util.Optional;

/**
 * How a runner takes the events its projection delivers: the step of each is decided at once, on
 * the instance's state in memory, but held ({@link HeldSteps}) and written with the held steps of
 * other instances in one append, so that a burst of events costs one commit, not one per step.
 * An event that cannot be held is taken as {@link SagaRunner#handle} takes it. Events are passed
 * (a due timeout may fire once every event before it was handled) only when their steps are
 * written. Runs on the projection's thread.
 */
final class Delivery<S, E> {
  private final DefaultSagaRunner<S, E> runner;
  private final Instances<S, E> instances;
  private final HeldSteps<S, E> held;
  private final SagaCounters counters;

  Delivery(DefaultSagaRunner<S, E> runner, Instances<S, E> instances, HeldSteps<S, E> held,
      SagaCounters counters) {
    this.runner = runner;
    this.instances = instances;
    this.held = held;
    this.counters = counters;
  }

  /**
   * An event from the runner's projection: its step may be held and written with the steps of
   * other instances ({@link HeldSteps}).
   */
  void delivered(RecordedEvent<?> event) {
    if (event.payload() instanceof UndecodableEvent) {
      flush();
      runner.handle(event); // refuses it
      return;
    }
    Optional<String> key = runner.associate(event);
    if (key.isPresent()) {
      String k = key.get();
      if (held.holds(k)) {
        flush(); // its next step is decided on the one held
      }
      HeldSteps.Decision decision =
          instances.withAssumingNew(k, slot -> held.decide(slot, new Trigger.Event(event),
              counters.observer()));
      if (decision.step() != null) {
        held.hold(event, decision.step(), runner.handledUpTo());
        if (held.full()) {
          flush();
        }
        return;
      }
      if (decision.flushFirst()) {
        flush();
      }
      runner.take(k, event); // touches nothing held
    }
    if (held.isEmpty()) {
      runner.passed(event);
    } else {
      held.hold(event, null, runner.handledUpTo()); // passed with what is held
      if (held.full()) {
        flush();
      }
    }
  }

  /**
   * Writes the held steps in one append; after a conflict takes their events again one at a
   * time. Only then are they passed.
   */
  void flush() {
    if (held.isEmpty()) {
      return;
    }
    List<RecordedEvent<?>> events = held.events();
    if (!held.write(this::committed)) {
      for (RecordedEvent<?> event : held.stepped()) { // the others were taken already
        Optional<String> key = runner.associate(event);
        if (key.isPresent()) {
          runner.take(key.get(), event); // a step written meanwhile is found handled
        }
      }
    }
    held.release();
    events.forEach(runner::passed);
  }

  /**
   * A held step was written: its instance takes its events, then works off its outbox. A new
   * instance, assumed new when its step was decided (and perhaps gone from memory since, with
   * nothing written yet), is not read: the append expecting no stream proved it new.
   */
  private void committed(HeldSteps.Step step, AppendResult result) {
    boolean owes = instances.withWritten(step.key(), slot -> {
      InstanceState<S, E> state = slot.state();
      if (state.version().equals(step.expected())) {
        state.committed(step.events(), result.version(state.stream()));
        slot.assumedNew = false;
      } else {
        instances.reload(slot, step.key()); // read again meanwhile (it had left memory)
      }
      return DefaultSagaRunner.owes(slot.state());
    });
    counters.step(false);
    counters.dispatched(step.inline().count());
    if (step.inline().rejection().isPresent()) {
      counters.rejected();
    }
    runner.settleIf(owes, step.key());
  }

  /** How far the projection has settled (see {@link HeldSteps#settledUpTo}). */
  GlobalPosition settledUpTo(GlobalPosition handled) {
    return held.settledUpTo(handled);
  }

  /** Delivery starts again after {@code position}: what was held comes again. */
  void resumesAfter(GlobalPosition position) {
    held.release();
    runner.passedTo(position);
  }
}
