package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps and dispatches for one instance, always called under that instance's lock with its state
 * in memory: decides on that state, appends with its version as the expected version, and on a
 * conflict on the saga stream reloads that one instance and decides again.
 */
final class InstanceWork<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceWork.class);
  static final int MAX_CONFLICTS = 20;
  /** After this many conflicting attempts a step stops deciding its commands inline. */
  static final int INLINE_ATTEMPTS = 10;
  private static final int MAX_DISPATCHES_PER_SETTLE = 10_000;

  private final EventStore store;
  private final Saga<S, E> saga;
  private final CommandDispatcher dispatcher;
  private final Clock clock;
  private final SagaStreams<S, E> streams;
  private final Instances<S, E> instances;
  private final SagaCounters counters;

  InstanceWork(EventStore store, Saga<S, E> saga, CommandDispatcher dispatcher, Clock clock,
      SagaStreams<S, E> streams, Instances<S, E> instances, SagaCounters counters) {
    this.store = store;
    this.saga = saga;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.streams = streams;
    this.instances = instances;
    this.counters = counters;
  }

  /**
   * Takes the step for {@code trigger} unless handled already, in a {@link WorkKind#SAGA_STEP}
   * scope when observed; whether a step was taken.
   */
  boolean take(Instances.Slot<S, E> slot, Trigger trigger) {
    Observer observer = counters.observer();
    if (observer == Observer.NONE) {
      return step(slot, trigger, Metadata.empty());
    }
    return ObservedWork.call(observer, WorkKind.SAGA_STEP, saga.name(),
        trigger.cause(slot.state()), () -> step(slot, trigger, observer.appendMetadata()));
  }

  private boolean step(Instances.Slot<S, E> slot, Trigger trigger, Metadata trace) {
    for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      InstanceState<S, E> instance = slot.state();
      if (instance.completed() || instance.handled(trigger.id())) {
        counters.duplicates.incrementAndGet();
        return false;
      }
      SagaStep<E> step = trigger.apply(saga, instance.state());
      if (step.isEmpty() && instance.version().value() == 0) {
        return false; // nothing starts
      }
      if (step.isEmpty() && trigger instanceof Trigger.Event) {
        // nothing to record but the marker: it rides along with the instance's next append. Until
        // then a redelivery finds the stream as it was and decides the same nothing again.
        instance.defer(streams.emptyStep(instance, trigger));
        counters.step(false);
        return true;
      }
      List<EventId> ids = streams.commandIds(instance, trigger, step);
      InlineDecisions inline = InlineDecisions.NONE;
      if (attempt <= INLINE_ATTEMPTS && instance.pendingCommands().isEmpty()
          && instance.owedRejection().isEmpty()) { // never ahead of earlier commands
        List<SagaCommand> commands = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          commands.add(new SagaCommand(ids.get(i), saga.name(), instance.key(),
              step.commands().get(i)));
        }
        inline = InlineDecisions.decide(dispatcher, commands, instance.stream());
      }
      List<EventData<?>> events = streams.stepEvents(
          instance, trigger, step, clock.instant(), inline.count(), inline.rejection(), trace);
      if (append(slot, events, inline)) {
        counters.step(trigger instanceof Trigger.Rejected);
        return true;
      }
      if (slot.state().handled(trigger.id())) {
        counters.duplicates.incrementAndGet();
        return false; // another runner recorded this very step
      }
    }
    throw new IllegalStateException("saga " + saga.name() + " instance " + slot.state().key()
        + ": " + MAX_CONFLICTS + " conflicting writers in a row on " + trigger.describe());
  }

  /**
   * Works off the instance's outbox in order: owed rejections first, then pending commands,
   * decided inline in batches where the dispatcher allows, else dispatched one by one. Stops at
   * the first failure (left for the next tick).
   *
   * @return the commands dispatched and rejections handled
   */
  int settle(Instances.Slot<S, E> slot) {
    int done = 0;
    while (done < MAX_DISPATCHES_PER_SETTLE) {
      InstanceState<S, E> instance = slot.state();
      Optional<Trigger.Rejected> owed = instance.owedRejection();
      if (owed.isPresent()) {
        take(slot, owed.get());
        if (slot.state().owedRejection().equals(owed)) {
          return done; // could not be recorded now
        }
        continue;
      }
      if (instance.pendingCommands().isEmpty()) {
        return done;
      }
      int batch = dispatchNext(slot);
      if (batch == 0) {
        return done;
      }
      done += batch;
    }
    return done;
  }

  /**
   * Dispatches the next pending commands, in a {@link WorkKind#DISPATCH} scope continuing the
   * first one's step when observed; how many left the outbox (0: a failure).
   */
  private int dispatchNext(Instances.Slot<S, E> slot) {
    Observer observer = counters.observer();
    if (observer == Observer.NONE) {
      return dispatchPending(slot);
    }
    InstanceState<S, E> instance = slot.state();
    List<SagaCommand> pending = instance.pendingCommands();
    Metadata cause = pending.isEmpty()
        ? Metadata.empty() : instance.causeOf(pending.get(0).id().toString());
    return ObservedWork.call(
        observer, WorkKind.DISPATCH, saga.name(), cause, () -> dispatchPending(slot));
  }

  private int dispatchPending(Instances.Slot<S, E> slot) {
    for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      InstanceState<S, E> instance = slot.state();
      List<SagaCommand> pending = instance.pendingCommands();
      if (pending.isEmpty()) {
        return 0;
      }
      InlineDecisions inline = attempt <= INLINE_ATTEMPTS
          ? InlineDecisions.decide(dispatcher, pending, instance.stream()) : InlineDecisions.NONE;
      if (inline.isEmpty()) {
        return dispatchAfterCommit(slot, pending.get(0)) ? 1 : 0;
      }
      List<EventData<?>> events = new ArrayList<>(instance.deferred());
      for (int i = 0; i < inline.count(); i++) {
        events.add(streams.dispatched(pending.get(i), Optional.empty()));
      }
      inline.rejection().ifPresent(reason ->
          events.add(streams.dispatched(pending.get(inline.count()), Optional.of(reason))));
      if (append(slot, events, inline)) {
        return inline.count() + (inline.rejection().isPresent() ? 1 : 0);
      }
    }
    LOG.warn("saga {} {}: {} conflicting writers in a row while dispatching; retrying at the next"
        + " tick", saga.name(), slot.state().key(), MAX_CONFLICTS);
    return 0;
  }

  /** Writes the markers still held in memory (at close), so a restart need not redo their work. */
  void flush(Instances.Slot<S, E> slot) {
    for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      List<EventData<?>> deferred = slot.state().deferred();
      if (deferred.isEmpty() || append(slot, deferred, InlineDecisions.NONE)) {
        return;
      }
    }
  }

  /** Dispatches {@code command} through the dispatcher and records its outcome. */
  private boolean dispatchAfterCommit(Instances.Slot<S, E> slot, SagaCommand command) {
    CommandDispatcher.Outcome outcome;
    try {
      outcome = dispatcher.dispatch(command);
    } catch (Exception e) {
      counters.failures.incrementAndGet();
      LOG.warn("saga {} {}: dispatching {} failed; retrying at the next tick: {}", saga.name(),
          command.key(), command.command().getClass().getSimpleName(), e.toString(), e);
      return false;
    }
    Optional<String> rejection = outcome instanceof CommandDispatcher.Outcome.Rejected
        ? Optional.of(((CommandDispatcher.Outcome.Rejected) outcome).reason()) : Optional.empty();
    InstanceState<S, E> waiting = slot.state();
    if (rejection.isEmpty() && !waiting.completed() && !waiting.pendingTimeouts().isEmpty()) {
      // the instance waits for an answer under a deadline, so a step follows (the answer's or the
      // timeout's): the marker rides along with it. A crash before then dispatches it again.
      waiting.defer(streams.dispatched(command, Optional.empty()));
      counters.dispatched(1);
      return true;
    }
    for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      InstanceState<S, E> instance = slot.state();
      if (!instance.pendingCommands().contains(command)) {
        return true; // another runner recorded it
      }
      List<EventData<?>> events = new ArrayList<>(instance.deferred());
      events.add(streams.dispatched(command, rejection));
      if (append(slot, events, InlineDecisions.NONE)) {
        if (rejection.isEmpty()) {
          counters.dispatched(1);
        } else {
          counters.rejected();
        }
        return true;
      }
    }
    throw new IllegalStateException("saga " + saga.name() + " instance " + command.key() + ": "
        + MAX_CONFLICTS + " conflicting writers in a row while recording a dispatch");
  }

  /**
   * Appends {@code events} to the instance's stream at its in-memory version, with the inline
   * commands' appends, in one transaction; false after a conflict (the instance reloaded if it
   * was its own stream).
   */
  private boolean append(
      Instances.Slot<S, E> slot, List<EventData<?>> events, InlineDecisions inline) {
    InstanceState<S, E> instance = slot.state();
    StreamAppend own =
        StreamAppend.of(instance.stream(), ExpectedVersion.exactly(instance.version()), events);
    try {
      AppendResult result;
      if (inline.appends().isEmpty()) {
        result = store.append(own.stream(), own.expected(), events);
      } else {
        List<StreamAppend> all = new ArrayList<>();
        all.add(own);
        all.addAll(inline.appends());
        result = store.append(all);
        reportCommitted(inline.appends(), result);
      }
      instance.committed(events, result.version(instance.stream()));
      counters.dispatched(inline.count());
      if (inline.rejection().isPresent()) {
        counters.rejected();
      }
      return true;
    } catch (WrongExpectedVersionException e) {
      LOG.debug("saga {} {}: conflict on {}, deciding again", saga.name(), instance.key(),
          e.stream());
      if (e.stream().equals(instance.stream())) {
        instances.reload(slot, instance.key());
      } else {
        reportConflict(e.stream());
      }
      return false;
    } catch (DuplicateEventIdException e) {
      instances.reload(slot, instance.key()); // another runner recorded the same events
      return false;
    }
  }

  /** Tells the dispatcher its in-step decisions committed; never throws: the step committed. */
  private void reportCommitted(List<StreamAppend> appends, AppendResult result) {
    try {
      dispatcher.committedInStep(appends, result);
    } catch (RuntimeException e) {
      LOG.warn("saga {}: the dispatcher failed on the outcome of its in-step decisions: {}",
          saga.name(), e.toString(), e);
    }
  }

  /** Tells the dispatcher a stream it decided on conflicted; never throws. */
  private void reportConflict(StreamId stream) {
    try {
      dispatcher.conflictInStep(stream);
    } catch (RuntimeException e) {
      LOG.warn("saga {}: the dispatcher failed on a conflict on {}: {}", saga.name(), stream,
          e.toString(), e);
    }
  }
}
