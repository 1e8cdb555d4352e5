package dev.eventcore.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which commands of a step are decided in the step: a command on a stream an earlier command of
 * the step writes never is, and when the dispatcher names a command's stream up front, it is not
 * even asked to decide it (a decision that could only be made without the earlier events).
 */
class InlineDecisionsTest {
  private static final StreamId OWN = StreamId.of("saga_test", "k1");

  /** Decides each command (its payload names its target stream) and records what it was asked. */
  private static final class Targets implements CommandDispatcher {
    final List<Object> decided = new ArrayList<>();
    final boolean names;
    final boolean throwsOnNaming;

    Targets(boolean names, boolean throwsOnNaming) {
      this.names = names;
      this.throwsOnNaming = throwsOnNaming;
    }

    static StreamId target(SagaCommand command) {
      return StreamId.of("target", (String) command.command());
    }

    @Override
    public Outcome dispatch(SagaCommand command) {
      return Outcome.accepted();
    }

    @Override
    public Optional<List<StreamAppend>> decideInStep(SagaCommand command) {
      decided.add(command.command());
      return Optional.of(List.of(StreamAppend.of(target(command), ExpectedVersion.any(),
          List.of(EventData.of("done " + command.command())))));
    }

    @Override
    public Optional<StreamId> streamOf(SagaCommand command) {
      if (throwsOnNaming) {
        throw new IllegalStateException("cannot tell");
      }
      return names ? Optional.of(target(command)) : Optional.empty();
    }
  }

  private static List<SagaCommand> commands(String... targets) {
    List<SagaCommand> commands = new ArrayList<>();
    for (String target : targets) {
      commands.add(new SagaCommand(EventId.random(), "test", "k1", target));
    }
    return commands;
  }

  @Test
  void aCommandOnAStreamTheStepWritesIsLeftToAfterCommitWithoutBeingDecided() {
    Targets dispatcher = new Targets(true, false);

    InlineDecisions inline = InlineDecisions.decide(dispatcher, commands("a", "b", "a", "c"), OWN);

    assertEquals(2, inline.count(), "the step carries the commands before the second on a");
    assertEquals(List.of("a", "b"), dispatcher.decided, "the second command on a is not decided");
    assertEquals(List.of(StreamId.of("target", "a"), StreamId.of("target", "b")),
        inline.appends().stream().map(StreamAppend::stream).toList());
  }

  @Test
  void withoutItsStreamNamedTheCommandIsDecidedThenLeftOut() {
    for (boolean throwing : List.of(false, true)) {
      Targets dispatcher = new Targets(false, throwing);

      InlineDecisions inline =
          InlineDecisions.decide(dispatcher, commands("a", "b", "a", "c"), OWN);

      assertEquals(2, inline.count());
      assertEquals(List.of("a", "b", "a"), dispatcher.decided, "decided, then found to touch a");
    }
  }

  @Test
  void theFirstCommandIsDecidedWhateverItsStream() {
    Targets dispatcher = new Targets(true, false);

    InlineDecisions inline = InlineDecisions.decide(dispatcher, commands("a"), OWN);

    assertEquals(1, inline.count());
    assertEquals(List.of("a"), dispatcher.decided);
  }
}
