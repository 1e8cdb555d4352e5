package dev.eventcore.projection;

import dev.eventcore.GlobalPosition;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link ErrorPolicy#retryThenDeadLetter} records the events a projection gave up on, for an
 * operator to inspect, count, remove and replay. Implementations: {@code
 * dev.eventcore.memory.InMemoryDeadLetterStore}; {@code dev.eventcore.postgres
 * .PostgresDeadLetterStore}. Thread-safe.
 *
 * <pre>{@code
 * DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
 * runner.register(projection, ErrorPolicy.retryThenDeadLetter(RetryPolicy.defaults(), deadLetters));
 * deadLetters.list("order-totals").forEach(letter -> log.warn("gave up on {}", letter));
 * long poison = deadLetters.countUndecodable("order-totals");     // events it could not decode
 * ReplayResult result = runner.replayDeadLetters("order-totals");  // after fixing the cause
 * deadLetters.remove("order-totals", letter.position());          // or give up on one for good
 * }</pre>
 *
 * <p>A letter belongs to one event of one projection: its projection, position and type. Several
 * letters share a position only when an upcaster split the stored event there and more than one
 * part failed. Replaying goes through {@link ProjectionRunner#replayDeadLetter}, which knows the
 * projection's handler; this store only keeps the letters.
 *
 * @since 0.1.0
 */
public interface DeadLetterStore {

  /**
   * Records {@code letter}. A letter of the same projection, position and type (the same event,
   * dead-lettered again: delivered again after a restart or a rebuild, or replayed and failed
   * again) replaces the earlier one in its place, so each event has one letter with its latest
   * attempts, error and time. A failure here stops the projection at the event: it is never lost.
   */
  void add(DeadLetter letter);

  /** The dead letters of {@code projection}, in the order they were first added. */
  List<DeadLetter> list(String projection);

  /**
   * The dead letters of {@code projection} at {@code position}, in the order added: usually one;
   * empty when there is none. Adapters look it up natively; this default filters {@link #list}.
   */
  default List<DeadLetter> find(String projection, GlobalPosition position) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(position, "position");
    return list(projection).stream().filter(letter -> letter.position().equals(position)).toList();
  }

  /**
   * How many dead letters {@code projection} has. Adapters count natively; this default counts
   * {@link #list}.
   */
  default long count(String projection) {
    return list(projection).size();
  }

  /**
   * How many of {@code projection}'s dead letters are of stored events that could not be decoded
   * (poison events, with their raw envelope in {@link DeadLetter#undecodable()}). Adapters count
   * natively; this default counts {@link #list}.
   */
  default long countUndecodable(String projection) {
    return list(projection).stream().filter(letter -> letter.undecodable().isPresent()).count();
  }

  /**
   * Removes the dead letters of {@code projection} at {@code position}: the event is given up on
   * for good (or was replayed). The event itself stays in the log.
   *
   * @return how many letters were removed; 0 when there was none
   */
  int remove(String projection, GlobalPosition position);

  /**
   * Removes every dead letter of {@code projection}.
   *
   * @return how many letters were removed
   */
  int purge(String projection);
}
