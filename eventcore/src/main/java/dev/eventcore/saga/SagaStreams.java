package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.command.CommandContext;
import dev.eventcore.internal.NameUuids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading and writing one saga's instance streams. Thread-safe (immutable). */
final class SagaStreams<S, E> {
  static final String COMMAND_KEY = InstanceState.COMMAND_KEY;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final EventStore store;
  private final Saga<S, E> saga;
  private final String category;
  private final boolean traced;

  /** {@code traced}: the instances keep the metadata of their commands and timeouts. */
  SagaStreams(EventStore store, Saga<S, E> saga, boolean traced) {
    this.store = store;
    this.saga = saga;
    this.traced = traced;
    if (!NAME.matcher(saga.name()).matches()) {
      throw new IllegalArgumentException(
          "invalid saga name '" + saga.name() + "': use 1 to 64 letters, digits or '_'");
    }
    this.category = "saga_" + saga.name();
  }

  String category() {
    return category;
  }

  StreamId streamOf(String key) {
    return StreamId.of(category, key);
  }

  String keyOf(StreamId stream) {
    return stream.value().substring(category.length() + 1);
  }

  /** An instance with no events yet. */
  InstanceState<S, E> newInstance(String key, StreamId stream) {
    return new InstanceState<>(saga, key, stream, traced);
  }

  /** Folds the instance's stream. */
  InstanceState<S, E> load(String key) {
    InstanceState<S, E> instance = newInstance(key, streamOf(key));
    for (RecordedEvent<?> event : store.readStream(instance.stream())) {
      instance.stored(event.id(), event.payload(), event.metadata(), event.version());
    }
    return instance;
  }

  /** The marker of a step that decided nothing; the same id as that step's first event. */
  EventData<SagaEvent.StepTaken> emptyStep(InstanceState<S, E> instance, Trigger trigger) {
    return new EventData<>(new Ids(instance.stream(), trigger.id()).next(),
        new SagaEvent.StepTaken(trigger.id(), trigger.describe()), Metadata.empty());
  }

  /**
   * The events of one step: the step marker, facts, outbox, timeouts, completion. The outbox
   * entries of the first {@code inline} commands are marked as dispatched in this very append;
   * the next {@code rejected} ones (zero or one) are followed by their rejection marker. The
   * outbox entries and timeouts carry {@code trace} (the observer's entries for the step), which
   * their dispatch and firing continue.
   */
  List<EventData<?>> stepEvents(InstanceState<S, E> instance, Trigger trigger, SagaStep<E> step,
      List<EventId> commandIds, Instant now, int inline, Optional<String> rejection,
      Metadata trace, boolean assumedNew) {
    List<EventData<?>> out = new ArrayList<>(instance.deferred());
    Ids ids = new Ids(instance.stream(), trigger.id());
    EventId marker = ids.next();
    // on an instance assumed new, a new id: a replay of the same step then fails instead of
    // succeeding as an idempotent retry, and the instance is read
    out.add(new EventData<>(assumedNew ? EventId.random() : marker,
        new SagaEvent.StepTaken(trigger.id(), trigger.describe()), Metadata.empty()));
    Set<String> open = new HashSet<>();
    for (SagaEvent.TimeoutScheduled pending : instance.pendingTimeouts()) {
      open.add(pending.timeoutId());
    }
    if (trigger instanceof Trigger.Timeout) {
      String fired = ((Trigger.Timeout) trigger).timeout().timeoutId();
      out.add(new EventData<>(ids.next(), new SagaEvent.TimeoutFired(fired), Metadata.empty()));
      open.remove(fired);
    }
    for (E event : step.events()) {
      out.add(new EventData<>(ids.next(), event, Metadata.empty()));
    }
    int commands = step.commands().size();
    if (commands > 0) {
      Metadata outbox = trace.with(CommandContext.of(instance.key(), trigger.id()).metadata());
      Metadata decided = inline > 0
          ? outbox.with(COMMAND_KEY, InstanceState.DISPATCHED) : outbox; // each copied once
      Metadata owed = commands > inline
          ? outbox.with(COMMAND_KEY, InstanceState.PENDING) : outbox;
      List<EventData<?>> markers = new ArrayList<>();
      for (int i = 0; i < commands; i++) {
        EventId id = commandIds.get(i); // what ids.next() gives here, computed once per step
        out.add(new EventData<>(id, step.commands().get(i), i < inline ? decided : owed));
        if (i == inline && rejection.isPresent()) {
          markers.add(dispatched(instance.stream(), id, rejection));
        }
      }
      out.addAll(markers);
      ids.skip(commands);
    }
    for (String name : step.cancelledTimeouts()) {
      for (SagaEvent.TimeoutScheduled pending : instance.pendingTimeouts()) {
        if (pending.name().equals(name) && open.remove(pending.timeoutId())) {
          out.add(new EventData<>(ids.next(), new SagaEvent.TimeoutCancelled(pending.timeoutId()),
              Metadata.empty()));
        }
      }
    }
    for (SagaStep.Timeout timeout : step.timeouts()) {
      EventId id = ids.next();
      if (!step.completes()) {
        out.add(new EventData<>(id, new SagaEvent.TimeoutScheduled(id.toString(), timeout.name(),
            now.plus(timeout.after())), trace));
      }
    }
    if (step.completes()) {
      for (String pending : open) {
        out.add(new EventData<>(ids.next(), new SagaEvent.TimeoutCancelled(pending), Metadata.empty()));
      }
      out.add(new EventData<>(ids.next(), new SagaEvent.SagaCompleted(), Metadata.empty()));
    }
    return out;
  }

  /** The ids the outbox entries of {@code step} get (the same as {@link #stepEvents} gives). */
  List<EventId> commandIds(InstanceState<S, E> instance, Trigger trigger, SagaStep<E> step) {
    Ids ids = new Ids(instance.stream(), trigger.id());
    ids.skip(1 + (trigger instanceof Trigger.Timeout ? 1 : 0) + step.events().size());
    List<EventId> out = new ArrayList<>();
    for (int i = 0; i < step.commands().size(); i++) {
      out.add(ids.next());
    }
    return out;
  }

  /** The marker that {@code command} was dispatched; its id is derived from the command's. */
  EventData<SagaEvent.CommandDispatched> dispatched(
      SagaCommand command, Optional<String> rejection) {
    return dispatched(streamOf(command.key()), command.id(), rejection);
  }

  private static EventData<SagaEvent.CommandDispatched> dispatched(
      StreamId stream, EventId command, Optional<String> rejection) {
    EventId id = new Ids(stream, "dispatched:" + command).next();
    return new EventData<>(id, new SagaEvent.CommandDispatched(command.toString(), rejection),
        Metadata.empty());
  }

  /** Name-based ids: the same stream, trigger and index always give the same id. */
  private static final class Ids {
    private final String base;
    private int index;

    Ids(StreamId stream, String triggerId) {
      this.base = stream.value() + "\n" + triggerId + "\n";
    }

    EventId next() {
      byte[] name = (base + index++).getBytes(StandardCharsets.UTF_8);
      return EventId.of(NameUuids.of(name));
    }

    /** Passes over the next {@code count} ids without computing them. */
    void skip(int count) {
      index += count;
    }
  }
}
