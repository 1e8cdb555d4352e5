package dev.eventcore.memory;

import dev.eventcore.projection.DeadLetter;
import dev.eventcore.projection.DeadLetterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dead letters in memory, in the order added.
 *
 * <pre>{@code
 * DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
 * runner.register(projection, ErrorPolicy.retryThenDeadLetter(RetryPolicy.defaults(), deadLetters));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
  private final List<DeadLetter> letters = new ArrayList<>();

  /** An empty store. */
  public InMemoryDeadLetterStore() {}

  @Override
  public synchronized void add(DeadLetter letter) {
    letters.add(Objects.requireNonNull(letter, "letter"));
  }

  @Override
  public synchronized List<DeadLetter> list(String projection) {
    Objects.requireNonNull(projection, "projection");
    return letters.stream().filter(letter -> letter.projection().equals(projection)).toList();
  }
}
