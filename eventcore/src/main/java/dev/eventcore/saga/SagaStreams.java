package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reading and writing one saga's instance streams. Thread-safe (immutable). */
final class SagaStreams<S, E> {
  static final String COMMAND_KEY = "eventcore.saga.command";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final EventStore store;
  private final Saga<S, E> saga;
  private final String category;

  SagaStreams(EventStore store, Saga<S, E> saga) {
    this.store = store;
    this.saga = saga;
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

  /** Folds the instance's stream. */
  SagaInstance<S> load(String key) {
    StreamId stream = streamOf(key);
    S state = saga.initialState();
    boolean completed = false;
    Map<EventId, SagaCommand> commands = new LinkedHashMap<>();
    Map<String, SagaEvent.TimeoutScheduled> timeouts = new LinkedHashMap<>();
    Set<String> handled = new HashSet<>();
    Version version = Version.NONE;
    for (RecordedEvent<?> event : store.readStream(stream)) {
      version = event.version();
      Object payload = event.payload();
      if (event.metadata().get(COMMAND_KEY).isPresent()) {
        commands.put(event.id(), new SagaCommand(event.id(), saga.name(), key, payload));
      } else if (payload instanceof SagaEvent.StepTaken) {
        handled.add(((SagaEvent.StepTaken) payload).triggerId());
      } else if (payload instanceof SagaEvent.CommandDispatched) {
        commands.remove(EventId.parse(((SagaEvent.CommandDispatched) payload).commandId()));
      } else if (payload instanceof SagaEvent.TimeoutScheduled) {
        SagaEvent.TimeoutScheduled scheduled = (SagaEvent.TimeoutScheduled) payload;
        timeouts.put(scheduled.timeoutId(), scheduled);
      } else if (payload instanceof SagaEvent.TimeoutFired) {
        timeouts.remove(((SagaEvent.TimeoutFired) payload).timeoutId());
      } else if (payload instanceof SagaEvent.TimeoutCancelled) {
        timeouts.remove(((SagaEvent.TimeoutCancelled) payload).timeoutId());
      } else if (payload instanceof SagaEvent.SagaCompleted) {
        completed = true;
      } else if (saga.eventType().isInstance(payload)) {
        state = saga.evolve(state, saga.eventType().cast(payload));
      } else {
        throw new IllegalStateException(
            "saga stream " + stream + " holds " + event.describe() + ", which is neither a "
                + saga.eventType().getSimpleName() + ", a SagaEvent nor an outbox command");
      }
    }
    return new SagaInstance<>(
        key, stream, version, state, completed, List.copyOf(commands.values()),
        List.copyOf(timeouts.values()), handled);
  }

  /** The events of one step: the step marker, facts, outbox, timeouts, completion. */
  List<EventData<?>> stepEvents(
      SagaInstance<S> instance, Trigger trigger, SagaStep<E> step, Instant now) {
    List<EventData<?>> out = new ArrayList<>();
    Ids ids = new Ids(instance.stream(), trigger.id());
    out.add(new EventData<>(ids.next(), new SagaEvent.StepTaken(trigger.id(), trigger.describe()),
        Metadata.empty()));
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
    Metadata outbox = Metadata.empty().with(COMMAND_KEY, "true")
        .withCorrelationId(instance.key()).withCausationId(trigger.id());
    for (Object command : step.commands()) {
      out.add(new EventData<>(ids.next(), command, outbox));
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
            now.plus(timeout.after())), Metadata.empty()));
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

  /** The marker that {@code command} was dispatched; its id is derived from the command's. */
  EventData<SagaEvent.CommandDispatched> dispatched(SagaCommand command, String rejection) {
    EventId id = new Ids(streamOf(command.key()), "dispatched:" + command.id()).next();
    return new EventData<>(id, new SagaEvent.CommandDispatched(command.id().toString(), rejection),
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
      return EventId.of(UUID.nameUUIDFromBytes(name));
    }
  }
}
