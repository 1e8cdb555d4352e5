package dev.eventcore.saga;

import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One saga instance as folded from its stream: a read-only view for tests, dashboards and
 * operators.
 *
 * @param key the association key
 * @param stream the instance's stream
 * @param version the stream's version ({@link Version#NONE}: the instance never started)
 * @param state the saga state
 * @param completed whether the saga ended
 * @param pendingCommands outbox commands not yet dispatched, in order
 * @param pendingTimeouts timeouts scheduled, neither fired nor cancelled
 * @param handledTriggers ids of the triggers already handled (event ids, timeouts, rejections)
 * @param <S> the saga state
 *
 * @since 0.1.0
 */
public record SagaInstance<S>(
    String key,
    StreamId stream,
    Version version,
    S state,
    boolean completed,
    List<SagaCommand> pendingCommands,
    List<SagaEvent.TimeoutScheduled> pendingTimeouts,
    Set<String> handledTriggers) {

  /** Validates and copies the arguments. */
  public SagaInstance {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    pendingCommands = List.copyOf(pendingCommands);
    pendingTimeouts = List.copyOf(pendingTimeouts);
    handledTriggers = Set.copyOf(handledTriggers);
  }

  /** Whether the instance has work left for the runner: commands to dispatch or timeouts to fire. */
  public boolean hasPendingWork() {
    return !pendingCommands.isEmpty() || !pendingTimeouts.isEmpty();
  }
}
