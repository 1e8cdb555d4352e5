package dev.eventcore.projection;

import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What the runner does when a projection's handler throws: retry the event with backoff, and when
 * the attempts are used up either stop at it (the default: the error, stream, version and
 * position show in the status, nothing after it is handled) or, only if chosen explicitly, record
 * it in a {@link DeadLetterStore} and go on.
 *
 * <pre>{@code
 * ErrorPolicy.defaults();                                              // 5 attempts, then stop
 * ErrorPolicy.retryThenStop(RetryPolicy.defaults().withMaxAttempts(3));
 * ErrorPolicy.retryThenDeadLetter(RetryPolicy.noRetry(), deadLetters); // opt in to skipping
 * }</pre>
 *
 * <p>Only {@link Exception}s are retried; an {@link Error} stops the projection at once.
 *
 * <p>The same policy applies to a stored event that cannot be decoded ({@link
 * dev.eventcore.UndecodableEvent}: an unknown type, data that does not fit its class, an upcaster
 * that throws, unreadable metadata). The runner subscribes so that such an event reaches it raw;
 * the handler never sees it and it is not retried. Under {@code retryThenStop} the projection
 * stops at it (the status names its position, stream and version, the cause is an {@link
 * dev.eventcore.UndecodableEventException}); under {@code retryThenDeadLetter} it is recorded as a
 * {@link DeadLetter} with its raw envelope ({@link DeadLetter#undecodable()}), logged at WARN
 * (position, stream, version and type, never the data), counted in {@link
 * ProjectionStatus#deadLettered()}, and the projection goes on.
 *
 * <p>Dead letters are for acting on: {@link DeadLetterStore} lists, counts (undecodable ones
 * apart) and removes them; {@link ProjectionRunner#replayDeadLetters} runs the handler again on
 * their events once the cause is fixed, removing the letters that succeed.
 *
 * @since 0.1.0
 */
public sealed interface ErrorPolicy {

  /** How often and how patiently an event is retried. */
  RetryPolicy retry();

  /** 5 attempts, 100 ms doubling up to 5 s with 20% jitter, then stop. */
  static ErrorPolicy defaults() {
    return retryThenStop(
        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2));
  }

  /** Retry under {@code retry}, then stop the projection at the event. */
  static ErrorPolicy retryThenStop(RetryPolicy retry) {
    return new RetryThenStop(retry);
  }

  /** Retry under {@code retry}, then record the event in {@code deadLetters} and continue. */
  static ErrorPolicy retryThenDeadLetter(RetryPolicy retry, DeadLetterStore deadLetters) {
    return new RetryThenDeadLetter(retry, deadLetters);
  }

  /**
   * Retry, then stop: the event is not marked handled and nothing after it is delivered.
   *
   * @param retry the retry policy
   */
  record RetryThenStop(RetryPolicy retry) implements ErrorPolicy {
    /** Validates. */
    public RetryThenStop {
      Objects.requireNonNull(retry, "retry");
    }
  }

  /**
   * Retry, then dead-letter the event and continue with the next one.
   *
   * @param retry the retry policy
   * @param deadLetters where the failed events are recorded; if recording fails, the projection
   *     stops instead
   */
  record RetryThenDeadLetter(RetryPolicy retry, DeadLetterStore deadLetters)
      implements ErrorPolicy {
    /** Validates. */
    public RetryThenDeadLetter {
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(deadLetters, "deadLetters");
    }
  }
}
