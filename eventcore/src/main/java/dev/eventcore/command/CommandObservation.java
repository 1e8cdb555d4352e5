package dev.eventcore.command;

import dev.eventcore.observe.CommandOutcome;
import dev.eventcore.observe.Observer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** Times a command and tells the observer how it ended; only used when one is set. */
final class CommandObservation {
  private CommandObservation() {}

  static <T> T observe(Observer observer, Object command, Supplier<T> run,
      ToIntFunction<T> attemptsOf) {
    long start = System.nanoTime();
    CommandOutcome outcome = CommandOutcome.ERROR;
    int attempts = 1;
    try {
      T result = run.get();
      outcome = CommandOutcome.OK;
      attempts = attemptsOf.applyAsInt(result);
      return result;
    } catch (CommandRejectedException e) {
      outcome = CommandOutcome.REJECTED;
      throw e;
    } catch (CommandConflictException e) {
      outcome = CommandOutcome.CONFLICT;
      attempts = e.attempts();
      throw e;
    } finally {
      observer.commandHandled(DefaultCommandExecutor.describe(command), outcome, attempts,
          System.nanoTime() - start);
    }
  }
}
