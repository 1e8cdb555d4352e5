package dev.eventcore.command;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The read–fold–decide–append loop of {@link CommandExecutor}. */
final class DefaultCommandExecutor implements CommandExecutor {
  /** How many times one attempt may ask for more streams before the command is deemed looping. */
  static final int MAX_DISCOVERY_ROUNDS = 16;

  private final EventStore store;
  private final Retrier retrier;
  private final StreamEventsCache streams;
  private final Observer observer;

  DefaultCommandExecutor(EventStore store, Retrier retrier, int eventCacheSize,
      Observer observer) {
    this.store = store;
    this.observer = observer;
    this.retrier = retrier;
    this.streams = new StreamEventsCache(store, eventCacheSize);
  }

  /** Every event of {@code stream} as a command would read it now; for tests. */
  List<RecordedEvent<?>> streamEvents(StreamId stream) {
    return streams.read(stream);
  }

  /** How many events are cached now; for tests. */
  long cachedEvents() {
    return streams.cachedEvents();
  }

  @Override
  public <S> CommandResult execute(Command<S> command, CommandContext context) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(context, "context");
    return observer == Observer.NONE
        ? run(command, context)
        : CommandObservation.observe(observer, command, context.metadata(),
            () -> run(command, context), CommandResult::attempts);
  }

  private <S> CommandResult run(Command<S> command, CommandContext context) {
    String name = describe(command);
    Set<StreamId> boundary = declaredStreams(command, name);
    Retrier.Run run = retrier.start(name);
    attempts:
    while (true) {
      StreamsRead read;
      Decision.Write write;
      int round = 0;
      while (true) {
        Folded<S> folded = observer == Observer.NONE ? readAndFold(command, boundary)
            : ObservedWork.call(observer, WorkKind.LOAD, name, Metadata.empty(),
                () -> readAndFold(command, boundary));
        read = folded.read();
        Decision decision = observer == Observer.NONE ? decide(command, folded)
            : ObservedWork.call(observer, WorkKind.DECIDE, name, Metadata.empty(),
                () -> decide(command, folded));
        if (decision instanceof Decision.ReadAlso more) {
          addStreams(name, boundary, more, ++round);
          continue;
        }
        write = (Decision.Write) decision;
        break;
      }
      if (write.isEmpty()) {
        return new CommandResult(Map.of(), Map.of(), run.attempts());
      }
      List<StreamAppend> appends = appends(name, read, write, context);
      while (true) {
        try {
          AppendResult result = store.append(appends);
          return result(appends, result, run.attempts());
        } catch (WrongExpectedVersionException conflict) {
          run.afterConflict(conflict);
          continue attempts;
        } catch (EventStoreException failure) {
          if (!failure.isRetryable()) {
            throw failure;
          }
          run.afterTransientFailure(failure);
        }
      }
    }
  }

  /** The streams read with their versions, and the state folded from them. */
  private record Folded<S>(StreamsRead read, S state) {}

  private static <S> Decision decide(Command<S> command, Folded<S> folded) {
    return Objects.requireNonNull(
        command.decide(folded.state(), folded.read()), "decide returned null");
  }

  private <S> Folded<S> readAndFold(Command<S> command, Set<StreamId> boundary) {
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    List<RecordedEvent<?>> events = new ArrayList<>();
    for (StreamId stream : boundary) {
      List<RecordedEvent<?>> history = streams.read(stream);
      versions.put(
          stream, history.isEmpty() ? Version.NONE : history.get(history.size() - 1).version());
      events.addAll(history);
    }
    events.sort(Comparator.comparing(RecordedEvent::position));
    S state = Objects.requireNonNull(command.initialState(), "initialState returned null");
    for (RecordedEvent<?> event : events) {
      state = Objects.requireNonNull(command.evolve(state, event), "evolve returned null");
    }
    return new Folded<>(new StreamsRead(versions), state);
  }

  private static void addStreams(
      String name, Set<StreamId> boundary, Decision.ReadAlso more, int round) {
    if (boundary.containsAll(more.streams())) {
      throw new IllegalStateException(
          "command " + name + " asked to read " + more.streams() + ", which it has read already ("
              + boundary + "); decide must not ask again for streams it has");
    }
    if (round > MAX_DISCOVERY_ROUNDS) {
      throw new IllegalStateException(
          "command " + name + " asked for more streams " + round + " times in one attempt (at most "
              + MAX_DISCOVERY_ROUNDS + " allowed); its streams so far: " + boundary);
    }
    boundary.addAll(more.streams());
  }

  private static List<StreamAppend> appends(
      String name, StreamsRead read, Decision.Write write, CommandContext context) {
    List<StreamAppend> appends = new ArrayList<>();
    for (Map.Entry<StreamId, List<EventData<?>>> entry : write.events().entrySet()) {
      StreamId stream = entry.getKey();
      if (!read.contains(stream)) {
        throw new IllegalStateException(
            "command " + name + " decided events for stream " + stream + ", which it did not read;"
                + " a command may write only to streams it read: " + read.streams()
                + ". Declare the stream in streams() or ask for it with Decision.readAlso");
      }
      List<EventData<?>> stamped = new ArrayList<>();
      for (EventData<?> event : entry.getValue()) {
        stamped.add(context.stamp(event));
      }
      appends.add(
          StreamAppend.of(stream, ExpectedVersion.exactly(read.version(stream)), stamped));
    }
    for (StreamId stream : read.streams()) {
      if (!write.events().containsKey(stream)) {
        appends.add(StreamAppend.check(stream, ExpectedVersion.exactly(read.version(stream))));
      }
    }
    return appends;
  }

  private static CommandResult result(List<StreamAppend> appends, AppendResult result, int attempts) {
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    Map<StreamId, List<EventData<?>>> events = new LinkedHashMap<>();
    for (StreamAppend append : appends) {
      if (!append.events().isEmpty()) {
        versions.put(append.stream(), result.version(append.stream()));
        events.put(append.stream(), List.copyOf(append.events()));
      }
    }
    return new CommandResult(versions, events, attempts);
  }

  private static Set<StreamId> declaredStreams(Command<?> command, String name) {
    List<StreamId> declared = Objects.requireNonNull(command.streams(), "streams");
    if (declared.isEmpty()) {
      throw new IllegalArgumentException(
          "command " + name + " declares no streams; it must read at least one");
    }
    Set<StreamId> boundary = new LinkedHashSet<>();
    for (StreamId stream : declared) {
      if (!boundary.add(Objects.requireNonNull(stream, "stream"))) {
        throw new IllegalArgumentException(
            "command " + name + " declares stream " + stream + " twice: " + declared);
      }
    }
    return boundary;
  }

  static String describe(Object command) {
    Class<?> type = command.getClass();
    String simple = type.getSimpleName();
    return simple.isEmpty() ? type.getName() : simple;
  }
}
