package dev.eventcore.command;

import dev.eventcore.Metadata;
import dev.eventcore.observe.CommandOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Runs a command in the observer's {@link WorkKind#COMMAND} scope, times it and tells the observer
 * how it ended; only used when one is set.
 */
final class CommandObservation {
  private CommandObservation() {}

  static <T> T observe(Observer observer, Object command, Metadata cause, Supplier<T> run,
      ToIntFunction<T> attemptsOf) {
    String name = DefaultCommandExecutor.describe(command);
    Observer.Scope scope = observer.start(WorkKind.COMMAND, name, cause);
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
      scope.failed(e);
      throw e;
    } catch (CommandConflictException e) {
      outcome = CommandOutcome.CONFLICT;
      attempts = e.attempts();
      scope.failed(e);
      throw e;
    } catch (RuntimeException | Error e) {
      scope.failed(e);
      throw e;
    } finally {
      observer.commandHandled(name, outcome, attempts, System.nanoTime() - start);
      scope.close();
    }
  }
}
