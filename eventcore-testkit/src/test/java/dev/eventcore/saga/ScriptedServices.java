package dev.eventcore.saga;

import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher for {@link ScriptedSaga}'s commands that answers as told, per command name, one
 * answer a call: after commit {@code ok}, {@code no} (rejected) or {@code fail} (throws); in the
 * step {@code after} (left to after-commit dispatch, the default), {@code ok} (nothing to write),
 * {@code no}, {@code fail}, {@code write} (an append on {@code effect-NAME}) or {@code stale} (an
 * append on {@code effect-NAME} that conflicts).
 * Either answers {@code error} by throwing a {@link LinkageError}.
 * When its answers run out it answers {@code ok} after commit and {@code after} in the step.
 */
class ScriptedServices implements CommandDispatcher {
  private final EventStore store;
  private final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();
  private final Map<String, Deque<String>> decisions = new ConcurrentHashMap<>();
  /** The names of the commands dispatched after commit and accepted, in order. */
  final List<String> accepted = new CopyOnWriteArrayList<>();
  /** The names of every after-commit dispatch, whatever its answer. */
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** The streams the runner reported as conflicting with an in-step decision. */
  final List<StreamId> conflicts = new CopyOnWriteArrayList<>();
  /** The names of the commands decided in a step, in order, whatever the answer. */
  final List<String> decided = new CopyOnWriteArrayList<>();
  /** Whether {@link #streamOf} names the stream a {@code write} decision writes. */
  private volatile boolean tellsStreams;

  ScriptedServices(EventStore store) {
    this.store = store;
  }

  static StreamId effect(String name) {
    return StreamId.of("effect", name);
  }

  ScriptedServices answer(String name, String... outcomes) {
    answers.computeIfAbsent(name, n -> new ArrayDeque<>()).addAll(List.of(outcomes));
    return this;
  }

  /** Makes {@link #streamOf} answer {@code effect-NAME}, the stream a {@code write} writes. */
  ScriptedServices tellStreams() {
    tellsStreams = true;
    return this;
  }

  ScriptedServices decide(String name, String... outcomes) {
    decisions.computeIfAbsent(name, n -> new ArrayDeque<>()).addAll(List.of(outcomes));
    return this;
  }

  private static String next(Map<String, Deque<String>> plan, String name, String otherwise) {
    Deque<String> left = plan.get(name);
    synchronized (plan) {
      return left == null || left.isEmpty() ? otherwise : left.removeFirst();
    }
  }

  static String name(SagaCommand command) {
    return ((ScriptedSaga.Cmd) command.command()).name();
  }

  @Override
  public Outcome dispatch(SagaCommand command) {
    String name = name(command);
    calls.add(name);
    switch (next(answers, name, "ok")) {
      case "no":
        return Outcome.rejected("no " + name);
      case "fail":
        throw new IllegalStateException("injected: " + name + " failed");
      case "error":
        throw new LinkageError("injected: " + name);
      default:
        accepted.add(name);
        return Outcome.accepted();
    }
  }

  @Override
  public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
    String name = name(command);
    decided.add(name);
    switch (next(decisions, name, "after")) {
      case "ok":
        return Optional.of(List.of());
      case "write":
        return Optional.of(List.of(StreamAppend.of(effect(name), ExpectedVersion.any(),
            List.of(EventData.of(new ScriptedSaga.Noted(name, "decided"))))));
      case "no":
        throw new CommandRejectedException("no " + name);
      case "fail":
        throw new IllegalStateException("injected: cannot decide " + name + " now");
      case "error":
        throw new LinkageError("injected: " + name);
      case "stale":
        // decided on a stream someone else writes before the runner appends the decision
        store.append(effect(name), ExpectedVersion.any(),
            List.of(EventData.of(new ScriptedSaga.Noted(name, "elsewhere"))));
        return Optional.of(List.of(StreamAppend.of(effect(name), ExpectedVersion.noStream(),
            List.of(EventData.of(new ScriptedSaga.Noted(name, "decided"))))));
      default:
        return Optional.empty();
    }
  }

  @Override
  public Optional<StreamId> streamOf(SagaCommand command) {
    return tellsStreams ? Optional.of(effect(name(command))) : Optional.empty();
  }

  @Override
  public void conflictInStep(StreamId stream) {
    conflicts.add(stream);
  }
}
