package dev.eventcore.saga;

import dev.eventcore.AppendResult;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import java.util.List;
import java.util.Optional;

/**
 * Executes the commands sagas dispatch, typically through a {@code CommandExecutor} or an
 * {@code AggregateRepository}. Must be idempotent per {@link SagaCommand#id()}: the runner
 * dispatches a command again if it crashed before recording the outcome.
 *
 * <p>Two ways to carry out a command:
 *
 * <ul>
 *   <li><b>In the step's transaction</b> ({@link #decideInStep}): the dispatcher decides the
 *       command without writing anything and returns the appends that carry it out, each with the
 *       expected version its decision was made on. The runner writes them together with the saga's
 *       step (its facts, outbox and markers) in one multi-stream append: the command takes effect
 *       if and only if the step commits. A version conflict on any stream discards the whole
 *       append and the runner decides again. Use it for commands on aggregates of the same store.
 *   <li><b>After the step committed</b> ({@link #dispatch}): for everything else, such as a call
 *       to a payment gateway. Return {@link Outcome#accepted()} when the command took effect (or
 *       had already), {@link Outcome#rejected(String)} for a business "no" (the saga's {@link
 *       Saga#onRejected} decides what follows). Throw for a transient failure: the command stays
 *       in the outbox and is dispatched again at the runner's next tick.
 * </ul>
 *
 * <p>Both may be called from several of the runner's threads at once, for different saga
 * instances; the commands of one instance are handed over one at a time, in order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CommandDispatcher {

  /** Executes {@code command}, after the step that issued it committed. */
  Outcome dispatch(SagaCommand command) throws Exception;

  /**
   * Decides {@code command} without side effects, so that the runner writes its effect in the
   * same transaction as the saga's step. Called under the instance's turn, before the step is
   * appended; the decision may be discarded (a conflict, another command of the step touching the
   * same stream) and asked for again.
   *
   * <p>By default returns empty: the command is dispatched after commit through {@link #dispatch}.
   *
   * @return the appends that carry the command out (an empty list: accepted, nothing to write),
   *     or empty if this command must go through {@link #dispatch} after the step commits
   * @throws dev.eventcore.command.CommandRejectedException for a business "no": recorded with its
   *     reason in the step, then handed to {@link Saga#onRejected} like a rejected dispatch
   * @throws Exception for a failure to decide now: the command is dispatched after commit instead
   */
  default Optional<List<StreamAppend>> decideInStep(SagaCommand command) throws Exception {
    return Optional.empty();
  }

  /**
   * The stream {@code command} writes when decided in the step, if the dispatcher knows it
   * without deciding; empty (the default) when it does not. For each command of a step the runner
   * asks this first: a command on a stream that an earlier command of the same step writes is left
   * to be decided after that step commits, without a decision now that could only be made without
   * the earlier command's events (and that costs its repository a read of the stream).
   */
  default Optional<StreamId> streamOf(SagaCommand command) {
    return Optional.empty();
  }

  /**
   * Tells the dispatcher that a step's append committed with {@code appends}, the appends its
   * {@link #decideInStep} returned for that step, and what the store answered. Forward each append
   * to the repository that decided it ({@code AggregateRepository.committed}), so that its cache
   * holds the state after the committed events and the next decision on the stream needs no read.
   * Called once per committed step with in-step decisions, on the thread that decided them,
   * before any later decision of that instance. An exception is logged and ignored: the step has
   * committed.
   *
   * <p>By default does nothing: the repositories then read the stream before their next decision.
   */
  default void committedInStep(List<StreamAppend> appends, AppendResult result) {}

  /**
   * Tells the dispatcher that a step's append failed on a version conflict on {@code stream},
   * one of the streams its {@link #decideInStep} decided on, before the runner decides again.
   * Forward it to the repository of the stream ({@code AggregateRepository.markStale}), so that
   * the next decision on it reads what is new. An exception is logged and ignored.
   *
   * <p>By default does nothing.
   */
  default void conflictInStep(StreamId stream) {}

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
