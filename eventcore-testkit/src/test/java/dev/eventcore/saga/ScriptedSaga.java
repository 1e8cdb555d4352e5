package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A saga whose steps are written in the events it reacts to, for the runner's bookkeeping tests.
 * A {@link Ping} carries a script of space-separated words: {@code note} records a {@link Noted},
 * {@code cmd:NAME} dispatches {@link Cmd}, {@code after:NAME:SECONDS} schedules a timeout, {@code
 * cancel:NAME} cancels one, {@code complete} ends the saga, {@code throw} fails the step; an empty
 * script decides nothing. Timeouts and rejections run the scripts of {@link #onTimeout} and
 * {@link #onRejected} by name (default {@code note}). The state is the instance's notes.
 */
final class ScriptedSaga implements Saga<ScriptedSaga.Flow, ScriptedSaga.Noted> {
  static final EventTypes TYPES =
      EventTypes.of(Ping.class, Noted.class, Cmd.class, SagaEvent.class);
  private static final Pattern WORDS = Pattern.compile(" ");

  /** What the saga reacts to, on stream {@code ping-<key>}. */
  record Ping(String key, String script) {}

  /** The saga's one fact. */
  record Noted(String key, String what) {}

  /** The saga's one command. */
  record Cmd(String key, String name) {}

  /** The state: the instance's key and its notes, in order. */
  record Flow(String key, List<String> notes) {
    static final Flow NONE = new Flow("", List.of());
  }

  final Map<String, String> onTimeout = new ConcurrentHashMap<>();
  final Map<String, String> onRejected = new ConcurrentHashMap<>();
  private final boolean byCorrelation;

  ScriptedSaga() {
    this(false);
  }

  /** {@code byCorrelation}: keeps {@link Saga#associationOf}'s default (the correlation id). */
  ScriptedSaga(boolean byCorrelation) {
    this.byCorrelation = byCorrelation;
  }

  /** Appends a ping for instance {@code key}. */
  static void ping(EventStore store, String key, String script) {
    ping(store, key, script, Metadata.empty());
  }

  static void ping(EventStore store, String key, String script, Metadata metadata) {
    store.append(StreamId.of("ping", key), ExpectedVersion.any(),
        List.of(EventData.of(new Ping(key, script), metadata)));
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public EventFilter filter() {
    return EventTypes.of(Ping.class).asFilter();
  }

  @Override
  public Optional<String> associationOf(RecordedEvent<?> event) {
    if (byCorrelation) {
      return Saga.super.associationOf(event);
    }
    return event.payload() instanceof Ping
        ? Optional.of(((Ping) event.payload()).key()) : Optional.empty();
  }

  @Override
  public Class<Noted> eventType() {
    return Noted.class;
  }

  @Override
  public Flow initialState() {
    return Flow.NONE;
  }

  @Override
  public Flow evolve(Flow state, Noted event) {
    List<String> notes = new ArrayList<>(state.notes());
    notes.add(event.what());
    return new Flow(event.key(), notes);
  }

  @Override
  public SagaStep<Noted> react(Flow state, RecordedEvent<?> event) {
    Ping ping = (Ping) event.payload();
    return step(ping.key(), "ping " + ping.script(), ping.script());
  }

  @Override
  public SagaStep<Noted> onTimeout(Flow state, String name) {
    return step(state.key(), "timeout " + name, onTimeout.getOrDefault(name, "note"));
  }

  @Override
  public SagaStep<Noted> onRejected(Flow state, Object command, String reason) {
    String name = ((Cmd) command).name();
    return step(state.key(), "rejected " + name + ": " + reason,
        onRejected.getOrDefault(name, "note"));
  }

  private static SagaStep<Noted> step(String key, String label, String script) {
    SagaStep<Noted> step = SagaStep.none();
    for (String word : WORDS.split(script)) {
      String[] parts = word.split(":", -1);
      switch (parts[0]) {
        case "":
          break;
        case "note":
          step = step.andRecord(new Noted(key, label));
          break;
        case "cmd":
          step = step.dispatch(new Cmd(key, parts[1]));
          break;
        case "after":
          step = step.schedule(parts[1], Duration.ofSeconds(Long.parseLong(parts[2])));
          break;
        case "cancel":
          step = step.cancel(parts[1]);
          break;
        case "complete":
          step = step.complete();
          break;
        case "throw":
          throw new IllegalStateException(label + " of " + key + " failed");
        default:
          throw new IllegalArgumentException("unknown word " + word);
      }
    }
    return step;
  }
}
