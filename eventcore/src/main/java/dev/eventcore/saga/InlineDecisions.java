package dev.eventcore.saga;

import dev.eventcore.EventId;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.command.CommandRejectedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands, taken in order from the front of a list, that the dispatcher decided for the
 * step's own transaction: how many, their appends, and the rejection of the next one, if any.
 * Stops at the first command the dispatcher leaves to after-commit dispatch, fails to decide,
 * rejects (unless it is the first), or whose appends touch a stream an earlier one (or the saga's)
 * touches: two decisions on one stream would each have been made without the other's events. A
 * command the dispatcher says writes such a stream ({@link CommandDispatcher#streamOf}) stops it
 * before it is decided. {@code blind}: a command was accepted with nothing to write, or the first
 * rejected, and the dispatcher does not say which stream it writes: what that decision read is
 * unknown, so it cannot be checked against streams with events still to be written.
 */
record InlineDecisions(
    int count, List<StreamAppend> appends, Optional<String> rejection, boolean blind) {
  private static final Logger LOG = LoggerFactory.getLogger(InlineDecisions.class);
  static final InlineDecisions NONE = new InlineDecisions(0, List.of(), Optional.empty(), false);

  InlineDecisions {
    appends = List.copyOf(appends);
  }

  /** Whether nothing was decided inline (no command, no rejection). */
  boolean isEmpty() {
    return count == 0 && rejection.isEmpty();
  }

  /**
   * Asks {@code dispatcher} to decide the commands of {@code step} (with their {@code ids}) in
   * order, for a step of saga {@code saga} on {@code instance}.
   */
  static InlineDecisions decideStep(CommandDispatcher dispatcher, String saga,
      InstanceState<?, ?> instance, List<EventId> ids, SagaStep<?> step) {
    return decide(dispatcher, commands(saga, instance, ids, step), instance.stream());
  }

  /** The outbox commands of {@code step} on {@code instance}, with their {@code ids}. */
  static List<SagaCommand> commands(
      String saga, InstanceState<?, ?> instance, List<EventId> ids, SagaStep<?> step) {
    List<SagaCommand> commands = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      commands.add(new SagaCommand(ids.get(i), saga, instance.key(), step.commands().get(i)));
    }
    return commands;
  }

  /**
   * Whether the dispatcher says ({@link CommandDispatcher#streamOf}) that one of {@code commands}
   * writes one of {@code streams}: a decision on it now would be made without their pending
   * events, and only be discarded (leaving its repository a read of the stream).
   */
  static boolean writesAny(
      CommandDispatcher dispatcher, List<SagaCommand> commands, Set<StreamId> streams) {
    for (SagaCommand command : commands) {
      Optional<StreamId> stream = streamOf(dispatcher, command);
      if (stream.isPresent() && streams.contains(stream.get())) {
        return true;
      }
    }
    return false;
  }

  /** Asks {@code dispatcher} to decide {@code commands} in order, for a step on {@code own}. */
  static InlineDecisions decide(
      CommandDispatcher dispatcher, List<SagaCommand> commands, StreamId own) {
    Set<StreamId> touched = new HashSet<>();
    touched.add(own);
    List<StreamAppend> appends = new ArrayList<>();
    boolean blind = false;
    for (int i = 0; i < commands.size(); i++) {
      SagaCommand command = commands.get(i);
      if (i > 0 && writesAny(dispatcher, List.of(command), touched)) {
        return new InlineDecisions(i, appends, Optional.empty(), blind);
      }
      Optional<List<StreamAppend>> decided;
      try {
        decided = dispatcher.decideInStep(command);
      } catch (CommandRejectedException e) {
        // only the first is known to be decided on committed state alone: a later one may have
        // been refused for want of an earlier one's events, so it is decided again after commit
        return i == 0
            ? new InlineDecisions(0, appends, Optional.of(e.reason()),
                streamOf(dispatcher, command).isEmpty())
            : new InlineDecisions(i, appends, Optional.empty(), blind);
      } catch (Exception e) {
        LOG.debug("saga {} {}: could not decide {} in the step; dispatching it after commit: {}",
            command.saga(), command.key(), command.command().getClass().getSimpleName(),
            e.toString());
        return new InlineDecisions(i, appends, Optional.empty(), blind);
      }
      if (decided.isEmpty()) {
        return new InlineDecisions(i, appends, Optional.empty(), blind);
      }
      Set<StreamId> mine = new HashSet<>();
      for (StreamAppend append : decided.get()) {
        if (touched.contains(append.stream()) || !mine.add(append.stream())) {
          return new InlineDecisions(i, appends, Optional.empty(), blind);
        }
      }
      blind |= mine.isEmpty() && streamOf(dispatcher, command).isEmpty();
      touched.addAll(mine);
      appends.addAll(decided.get());
    }
    return new InlineDecisions(commands.size(), appends, Optional.empty(), blind);
  }

  /** The stream the dispatcher says {@code command} writes; empty when it does not say. */
  private static Optional<StreamId> streamOf(CommandDispatcher dispatcher, SagaCommand command) {
    try {
      return dispatcher.streamOf(command);
    } catch (RuntimeException e) {
      LOG.debug("saga {} {}: streamOf failed for {}; deciding it: {}", command.saga(),
          command.key(), command.command().getClass().getSimpleName(), e.toString());
      return Optional.empty();
    }
  }
}
