package dev.eventcore.projection;

import java.util.List;

/**
 * Where {@link ErrorPolicy#retryThenDeadLetter} records the events a projection gave up on, for an
 * operator to inspect and replay. Implementations: {@code
 * dev.eventcore.memory.InMemoryDeadLetterStore}; a PostgreSQL table. Thread-safe.
 *
 * <pre>{@code
 * DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
 * runner.register(projection, ErrorPolicy.retryThenDeadLetter(RetryPolicy.defaults(), deadLetters));
 * deadLetters.list("order-totals").forEach(letter -> log.warn("gave up on {}", letter));
 * }</pre>
 */
public interface DeadLetterStore {

  /**
   * Records {@code letter}. A failure here stops the projection at the event: it is never lost.
   */
  void add(DeadLetter letter);

  /** The dead letters of {@code projection}, in the order they were added. */
  List<DeadLetter> list(String projection);
}
