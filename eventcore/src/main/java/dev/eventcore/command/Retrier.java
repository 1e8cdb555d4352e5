package dev.eventcore.command;

import dev.eventcore.EventStoreException;
import dev.eventcore.OperationInterruptedException;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.retry.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Counts attempts of one command under a {@link RetryPolicy} and waits between them. */
final class Retrier {
  /** Draws from the calling thread's {@link ThreadLocalRandom}. */
  static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  Retrier(RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {
    this.policy = Objects.requireNonNull(policy, "retryPolicy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Starts counting the attempts of {@code command} (described for messages). */
  Run start(String command) {
    return new Run(command);
  }

  /** The attempts of one command execution. Not thread-safe: one per execution. */
  final class Run {
    private final String command;
    private int attempts = 1;

    private Run(String command) {
      this.command = command;
    }

    /** The attempts made so far, the current one included. */
    int attempts() {
      return attempts;
    }

    /** After a conflict: waits before the next attempt, or gives up when none is left. */
    void afterConflict(WrongExpectedVersionException conflict) {
      if (attempts >= policy.maxAttempts()) {
        throw new CommandConflictException(command, attempts, conflict);
      }
      pause();
    }

    /** After a retryable store failure: waits before the next attempt, or rethrows it. */
    void afterTransientFailure(EventStoreException failure) {
      if (attempts >= policy.maxAttempts()) {
        throw failure;
      }
      pause();
    }

    private void pause() {
      Duration delay = policy.backoff(attempts, random.nextDouble());
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException(
            "interrupted while waiting to retry command " + command + " after attempt " + attempts,
            e);
      }
      attempts++;
    }
  }
}
