package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.Metadata;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps and dispatches for one instance. A step is taken under that instance's lock with its state
 * in memory: decides on that state, appends with its version as the expected version, and on a
 * conflict on the saga stream reloads that one instance and decides again. An after-commit
 * dispatch runs outside the lock, claimed by one thread at a time per instance ({@link
 * Instances.Slot#dispatching}), so a slow dispatcher holds up only that instance's next command.
 */
final class InstanceWork<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceWork.class);
  static final int MAX_CONFLICTS = 20;
  /** After this many conflicting attempts a step stops deciding its commands inline. */
  static final int INLINE_ATTEMPTS = 10;
  private static final int MAX_DISPATCHES_PER_SETTLE = 10_000;
  /** {@link #dispatchPending}'s answer when the next command is dispatched after commit. */
  private static final int AFTER_COMMIT = -1;

  private final Saga<S, E> saga;
  private final CommandDispatcher dispatcher;
  private final Clock clock;
  private final SagaStreams<S, E> streams;
  private final Instances<S, E> instances;
  private final SagaCounters counters;
  private final InstanceAppender<S, E> appender;

  InstanceWork(EventStore store, Saga<S, E> saga, CommandDispatcher dispatcher, Clock clock,
      SagaStreams<S, E> streams, Instances<S, E> instances, SagaCounters counters) {
    this.saga = saga;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.streams = streams;
    this.instances = instances;
    this.counters = counters;
    this.appender = new InstanceAppender<>(store, saga.name(), dispatcher, instances, counters);
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
        if (slot.assumedNew) { // an instance that exists after all may react: read, decide again
          instances.reload(slot, instance.key());
          continue;
        }
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
      if (attempt <= INLINE_ATTEMPTS && !instance.owesDispatch()) { // never ahead of the outbox
        inline = InlineDecisions.decideStep(dispatcher, saga.name(), instance, ids, step);
      }
      List<EventData<?>> events = streams.stepEvents(instance, trigger, step, ids,
          clock.instant(), inline.count(), inline.rejection(), trace, slot.assumedNew);
      if (appender.append(slot, events, inline)) {
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
   * Works off instance {@code key}'s outbox in order: owed rejections first, then pending commands,
   * decided inline in batches where the dispatcher allows (under the instance's lock, like a
   * step), else dispatched one at a time after commit, outside the lock: the instance's steps and
   * every reader go on while the dispatcher works, and its next command waits for this one's
   * outcome. Stops at the first failure (left for the next tick). Called without the lock.
   *
   * @return the commands dispatched and rejections handled
   */
  int settle(String key) {
    int done = 0;
    while (done < MAX_DISPATCHES_PER_SETTLE) {
      Settled settled = instances.with(key, this::settleLocked);
      done += settled.done();
      SagaCommand command = settled.dispatch();
      if (command == null) {
        return done;
      }
      if (!dispatchAfterCommit(key, command, settled.scope())) {
        return done;
      }
      done++;
    }
    return done;
  }

  /** What a settle under the lock did, and the command it claimed for after-commit dispatch. */
  private record Settled(int done, @Nullable SagaCommand dispatch, Observer.Scope scope) {
    static Settled done(int done) {
      return new Settled(done, null, Observer.Scope.NONE);
    }
  }

  private Settled settleLocked(Instances.Slot<S, E> slot) {
    int done = 0;
    while (done < MAX_DISPATCHES_PER_SETTLE) {
      if (slot.dispatching != null) {
        return Settled.done(done); // its dispatching thread goes on with the outbox afterwards
      }
      InstanceState<S, E> instance = slot.state();
      Optional<Trigger.Rejected> owed = instance.owedRejection();
      if (owed.isPresent()) {
        take(slot, owed.get());
        if (slot.state().owedRejection().equals(owed)) {
          return Settled.done(done); // could not be recorded now
        }
        continue;
      }
      List<SagaCommand> pending = instance.pendingCommands();
      if (pending.isEmpty()) {
        return Settled.done(done);
      }
      Observer observer = counters.observer();
      Observer.Scope scope = observer == Observer.NONE ? Observer.Scope.NONE
          : observer.start(WorkKind.DISPATCH, saga.name(),
              instance.causeOf(pending.get(0).id().toString()));
      int batch;
      try {
        batch = dispatchPending(slot);
      } catch (RuntimeException | Error e) {
        scope.failed(e);
        scope.close();
        throw e;
      }
      if (batch == AFTER_COMMIT) { // the scope stays open around the dispatch, on this thread
        slot.dispatching = slot.state().pendingCommands().get(0);
        return new Settled(done, slot.dispatching, scope);
      }
      scope.close();
      if (batch == 0) {
        return Settled.done(done);
      }
      done += batch;
    }
    return Settled.done(done);
  }

  /**
   * Dispatches the next pending commands decided inline, in one append; how many left the outbox
   * (0: a failure), or {@link #AFTER_COMMIT} when the first must be dispatched after commit.
   */
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
        return AFTER_COMMIT;
      }
      List<EventData<?>> events = new ArrayList<>(instance.deferred());
      for (int i = 0; i < inline.count(); i++) {
        events.add(streams.dispatched(pending.get(i), Optional.empty()));
      }
      inline.rejection().ifPresent(reason ->
          events.add(streams.dispatched(pending.get(inline.count()), Optional.of(reason))));
      if (appender.append(slot, events, inline)) {
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
      if (deferred.isEmpty() || appender.append(slot, deferred, InlineDecisions.NONE)) {
        return;
      }
    }
  }

  /**
   * Dispatches {@code command}, claimed by this thread, through the dispatcher without holding the
   * instance's lock, then records its outcome under the lock and releases the claim; closes
   * {@code scope} after. Whether the command left the outbox.
   */
  private boolean dispatchAfterCommit(String key, SagaCommand command, Observer.Scope scope) {
    try {
      CommandDispatcher.Outcome outcome;
      try {
        outcome = dispatcher.dispatch(command);
      } catch (Exception e) {
        counters.failures.incrementAndGet();
        LOG.warn("saga {} {}: dispatching {} failed; retrying at the next tick: {}", saga.name(),
            command.key(), command.command().getClass().getSimpleName(), e.toString(), e);
        outcome = null;
      } catch (Error e) {
        instances.with(key, slot -> release(slot, command));
        throw e;
      }
      CommandDispatcher.Outcome answer = outcome;
      return instances.with(key, slot -> release(slot, command) && record(slot, command, answer));
    } catch (RuntimeException | Error e) {
      scope.failed(e);
      throw e;
    } finally {
      scope.close();
    }
  }

  /** Gives up this thread's claim on dispatching {@code command}; always true. Under the lock. */
  private static boolean release(Instances.Slot<?, ?> slot, SagaCommand command) {
    if (command.equals(slot.dispatching)) {
      slot.dispatching = null;
    }
    return true;
  }

  /** Records {@code outcome} of {@code command} (null: it failed); under the lock. */
  private boolean record(Instances.Slot<S, E> slot, SagaCommand command,
      CommandDispatcher.@Nullable Outcome outcome) {
    if (outcome == null) {
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
      if (appender.append(slot, events, InlineDecisions.NONE)) {
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
}
