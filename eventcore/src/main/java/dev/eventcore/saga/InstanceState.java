package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One saga instance folded from its stream, kept in memory between steps. Not thread-safe: the
 * runner changes it only under the instance's lock, and only with events that were committed.
 *
 * <p>Besides what {@link SagaInstance} shows, it knows the rejections whose step is still owed (a
 * rejection recorded but not yet reacted to, after a crash) and the markers applied in memory but
 * not yet written: those ride along with the instance's next append.
 */
final class InstanceState<S, E> {
  static final String COMMAND_KEY = "eventcore.saga.command";
  /** The outbox entry's metadata value for a command still to dispatch. */
  static final String PENDING = "true";
  /** The value for a command whose effect was written in the same append as its step. */
  static final String DISPATCHED = "dispatched";

  private final Saga<S, E> saga;
  private final String key;
  private final StreamId stream;
  private Version version = Version.NONE;
  private S state;
  private boolean completed;
  private final Map<EventId, SagaCommand> commands = new LinkedHashMap<>();
  private final Map<String, SagaEvent.TimeoutScheduled> timeouts = new LinkedHashMap<>();
  private final Set<String> handled = new HashSet<>();
  private final Map<String, Trigger.Rejected> rejections = new LinkedHashMap<>();
  private final Map<EventId, SagaCommand> outbox = new LinkedHashMap<>();
  private final List<EventData<?>> deferred = new ArrayList<>();
  /** When traced, the metadata of each outbox command and pending timeout, by its id. */
  private final @Nullable Map<String, Metadata> causes;
  /** The view of the state as it is, built on demand; null once the state changed. */
  private @Nullable SagaInstance<S> view;

  InstanceState(Saga<S, E> saga, String key, StreamId stream, boolean traced) {
    this.causes = traced ? new HashMap<>() : null;
    this.saga = saga;
    this.key = key;
    this.stream = stream;
    this.state = saga.initialState();
  }

  String key() {
    return key;
  }

  StreamId stream() {
    return stream;
  }

  Version version() {
    return version;
  }

  S state() {
    return state;
  }

  boolean completed() {
    return completed;
  }

  boolean handled(String triggerId) {
    return handled.contains(triggerId);
  }

  List<SagaCommand> pendingCommands() {
    return List.copyOf(commands.values());
  }

  List<SagaEvent.TimeoutScheduled> pendingTimeouts() {
    return List.copyOf(timeouts.values());
  }

  /** The first rejection whose step was not taken yet, unless the saga ended. */
  Optional<Trigger.Rejected> owedRejection() {
    return completed || rejections.isEmpty()
        ? Optional.empty() : Optional.of(rejections.values().iterator().next());
  }

  /** Whether commands wait in the outbox or a rejection waits to be reacted to. */
  boolean owesDispatch() {
    return !commands.isEmpty() || owedRejection().isPresent();
  }

  boolean hasPendingWork() {
    return !commands.isEmpty() || !timeouts.isEmpty() || owedRejection().isPresent();
  }

  /**
   * The metadata of the record that issued command {@code id} or scheduled timeout {@code id}:
   * what its dispatch or firing continues. Empty when not traced.
   */
  Metadata causeOf(String id) {
    Metadata cause = causes == null ? null : causes.get(id);
    return cause == null ? Metadata.empty() : cause;
  }

  /** Markers applied in memory but not yet written, to put first in the next append. */
  List<EventData<?>> deferred() {
    return List.copyOf(deferred);
  }

  /**
   * Applies a marker in memory only (an empty step's {@link SagaEvent.StepTaken}, an accepted
   * command's {@link SagaEvent.CommandDispatched}); the instance's next append writes it.
   */
  void defer(EventData<?> marker) {
    if (needs(marker)) {
      deferred.add(marker);
      apply(marker.id(), marker.payload(), marker.metadata());
    }
  }

  /** Whether {@code marker} still changes this instance (after a reload, it may not). */
  private boolean needs(EventData<?> marker) {
    Object payload = marker.payload();
    if (payload instanceof SagaEvent.StepTaken) {
      return !handled.contains(((SagaEvent.StepTaken) payload).triggerId());
    }
    return commands.containsKey(EventId.parse(((SagaEvent.CommandDispatched) payload).commandId()));
  }

  /**
   * Applies events just appended at {@code newVersion}; the deferred markers among them are owed
   * no more (one deferred after the append was decided stays owed).
   */
  void committed(List<? extends EventData<?>> events, Version newVersion) {
    Set<EventId> applied = deferred.isEmpty() ? Set.of() : settleDeferred(events);
    for (EventData<?> event : events) {
      if (!applied.contains(event.id())) {
        apply(event.id(), event.payload(), event.metadata());
      }
    }
    version = newVersion;
    view = null;
  }

  /**
   * The ids of the deferred markers, applied already; those among {@code events} are owed no more
   * (one deferred after the append was decided stays owed).
   */
  private Set<EventId> settleDeferred(List<? extends EventData<?>> events) {
    Set<EventId> applied = new HashSet<>();
    deferred.forEach(marker -> applied.add(marker.id()));
    Set<EventId> written = new HashSet<>();
    events.forEach(event -> written.add(event.id()));
    deferred.removeIf(marker -> written.contains(marker.id()));
    return applied;
  }

  /** Folds one stored event (at {@code at}). */
  void stored(EventId id, Object payload, Metadata metadata, Version at) {
    apply(id, payload, metadata);
    version = at;
    view = null;
  }

  private void apply(EventId id, Object payload, Metadata metadata) {
    view = null;
    Optional<String> command = metadata.get(COMMAND_KEY);
    if (command.isPresent()) {
      SagaCommand sagaCommand = new SagaCommand(id, saga.name(), key, payload);
      outbox.put(id, sagaCommand);
      if (causes != null) {
        causes.put(id.toString(), metadata);
      }
      if (!command.get().equals(DISPATCHED)) {
        commands.put(id, sagaCommand);
      }
    } else if (payload instanceof SagaEvent.StepTaken) {
      String trigger = ((SagaEvent.StepTaken) payload).triggerId();
      handled.add(trigger);
      rejections.remove(trigger);
    } else if (payload instanceof SagaEvent.CommandDispatched) {
      SagaEvent.CommandDispatched marker = (SagaEvent.CommandDispatched) payload;
      EventId commandId = EventId.parse(marker.commandId());
      commands.remove(commandId);
      SagaCommand rejected = outbox.get(commandId);
      if (marker.rejection().isPresent() && rejected != null) {
        Trigger.Rejected trigger = new Trigger.Rejected(rejected, marker.rejection().get());
        if (!handled.contains(trigger.id())) {
          rejections.put(trigger.id(), trigger);
        }
      }
    } else if (payload instanceof SagaEvent.TimeoutScheduled) {
      SagaEvent.TimeoutScheduled scheduled = (SagaEvent.TimeoutScheduled) payload;
      timeouts.put(scheduled.timeoutId(), scheduled);
      if (causes != null) {
        causes.put(scheduled.timeoutId(), metadata);
      }
    } else if (payload instanceof SagaEvent.TimeoutFired) {
      timeouts.remove(((SagaEvent.TimeoutFired) payload).timeoutId());
      forget(((SagaEvent.TimeoutFired) payload).timeoutId());
    } else if (payload instanceof SagaEvent.TimeoutCancelled) {
      timeouts.remove(((SagaEvent.TimeoutCancelled) payload).timeoutId());
      forget(((SagaEvent.TimeoutCancelled) payload).timeoutId());
    } else if (payload instanceof SagaEvent.SagaCompleted) {
      completed = true;
    } else if (saga.eventType().isInstance(payload)) {
      state = saga.evolve(state, saga.eventType().cast(payload));
    } else {
      throw new IllegalStateException(
          "saga stream " + stream + " holds " + payload.getClass().getName() + " (" + id
              + "), which is neither a " + saga.eventType().getSimpleName()
              + ", a SagaEvent nor an outbox command");
    }
  }

  private void forget(String timeoutId) {
    if (causes != null) {
      causes.remove(timeoutId);
    }
  }

  /**
   * A read-only view as of now: the same object until the state changes, so that publishing an
   * unchanged instance copies nothing.
   */
  SagaInstance<S> view() {
    SagaInstance<S> current = view;
    if (current == null) {
      current = new SagaInstance<>(key, stream, version, state, completed, pendingCommands(),
          pendingTimeouts(), handled);
      view = current;
    }
    return current;
  }
}
