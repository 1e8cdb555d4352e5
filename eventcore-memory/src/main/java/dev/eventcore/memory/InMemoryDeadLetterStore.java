package dev.eventcore.memory;

import dev.eventcore.GlobalPosition;
import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.DeadLetterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Dead letters in memory, in the order added; a letter of an event already dead-lettered replaces
 * the earlier one in its place.
 *
 * <pre>{@code
 * DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
 * runner.register(projection, ErrorPolicy.retryThenDeadLetter(RetryPolicy.defaults(), deadLetters));
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
  private final List<DeadLetter> letters = new ArrayList<>();

  /** An empty store. */
  public InMemoryDeadLetterStore() {}

  @Override
  public synchronized void add(DeadLetter letter) {
    Objects.requireNonNull(letter, "letter");
    for (int i = 0; i < letters.size(); i++) {
      DeadLetter earlier = letters.get(i);
      if (earlier.projection().equals(letter.projection())
          && earlier.position().equals(letter.position())
          && earlier.type().equals(letter.type())) {
        letters.set(i, letter);
        return;
      }
    }
    letters.add(letter);
  }

  @Override
  public synchronized List<DeadLetter> list(String projection) {
    Objects.requireNonNull(projection, "projection");
    return select(projection, letter -> true);
  }

  @Override
  public synchronized List<DeadLetter> find(String projection, GlobalPosition position) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(position, "position");
    return select(projection, letter -> letter.position().equals(position));
  }

  @Override
  public synchronized long count(String projection) {
    Objects.requireNonNull(projection, "projection");
    return select(projection, letter -> true).size();
  }

  @Override
  public synchronized long countUndecodable(String projection) {
    Objects.requireNonNull(projection, "projection");
    return select(projection, letter -> letter.undecodable().isPresent()).size();
  }

  @Override
  public synchronized int remove(String projection, GlobalPosition position) {
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(position, "position");
    return removeIf(projection, letter -> letter.position().equals(position));
  }

  @Override
  public synchronized int purge(String projection) {
    Objects.requireNonNull(projection, "projection");
    return removeIf(projection, letter -> true);
  }

  private List<DeadLetter> select(String projection, Predicate<DeadLetter> which) {
    return letters.stream()
        .filter(letter -> letter.projection().equals(projection) && which.test(letter))
        .toList();
  }

  private int removeIf(String projection, Predicate<DeadLetter> which) {
    int before = letters.size();
    letters.removeIf(letter -> letter.projection().equals(projection) && which.test(letter));
    return before - letters.size();
  }
}
