package dev.eventcore.shredding;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subject keys in memory, for tests and for stores that live no longer than the process (keys are
 * lost with it, which makes every encrypted value of a persistent store unreadable).
 *
 * <pre>{@code
 * CryptoShredding shredding = CryptoShredding.using(new InMemorySubjectKeyStore());
 * }</pre>
 *
 * @since 0.2.0
 */
public final class InMemorySubjectKeyStore implements SubjectKeyStore {
  private final Map<String, SubjectKey> keys = new ConcurrentHashMap<>();

  /** An empty key store. */
  public InMemorySubjectKeyStore() {}

  @Override
  public SubjectKey keyFor(String subject) {
    return keys.computeIfAbsent(Subjects.require(subject), s -> SubjectKey.generate());
  }

  @Override
  public Optional<SubjectKey> find(String subject) {
    return Optional.ofNullable(keys.get(Subjects.require(subject)));
  }

  @Override
  public boolean destroy(String subject) {
    return keys.remove(Subjects.require(subject)) != null;
  }

  /** The number of subjects with a key. */
  public int size() {
    return keys.size();
  }
}
