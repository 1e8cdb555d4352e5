package dev.eventcore.saga;

/**
 * Executes the commands sagas dispatch, typically through a {@code CommandExecutor} or an
 * {@code AggregateRepository}. Must be idempotent per {@link SagaCommand#id()}: the runner
 * dispatches a command again if it crashed before recording the outcome.
 *
 * <p>Return {@link Outcome#accepted()} when the command took effect (or had already), {@link
 * Outcome#rejected(String)} for a business "no" (the saga's {@link Saga#onRejected} decides what
 * follows). Throw for a transient failure: the command stays in the outbox and is dispatched
 * again at the runner's next tick.
 */
@FunctionalInterface
public interface CommandDispatcher {

  /** Executes {@code command}. */
  Outcome dispatch(SagaCommand command) throws Exception;

  /** What became of a dispatched command. */
  sealed interface Outcome {
    /** The command took effect. */
    static Outcome accepted() {
      return Accepted.INSTANCE;
    }

    /** The command was refused for {@code reason}. */
    static Outcome rejected(String reason) {
      return new Rejected(reason);
    }

    /** The command took effect. */
    enum Accepted implements Outcome {
      /** The only value. */
      INSTANCE
    }

    /** The command was refused for {@code reason}. */
    record Rejected(String reason) implements Outcome {
      /** Validates the reason. */
      public Rejected {
        java.util.Objects.requireNonNull(reason, "reason");
      }
    }
  }
}
