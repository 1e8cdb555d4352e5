package dev.eventcore.shredding;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of a {@link SubjectKeyStore} with a cache in front: a key (or its absence) is kept for
 * the time to live. Loading a subject's key and forgetting it run one at a time per subject (in
 * the cache's compute), so once {@link #forget} returns no key of that subject is served from this
 * cache; other processes serve theirs for at most the time to live.
 */
final class SubjectKeys {
  private record Entry(Optional<SubjectKey> key, long loadedAt) {}

  private final SubjectKeyStore store;
  private final long ttlNanos;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  SubjectKeys(SubjectKeyStore store, Duration ttl, int maxEntries) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  /** The subject's key, made if it has none. */
  SubjectKey keyFor(String subject) {
    Entry entry = cache.get(subject);
    if (entry != null && entry.key().isPresent() && fresh(entry)) {
      return entry.key().get();
    }
    return load(subject, true).orElseThrow();
  }

  /**
   * The key {@code keyId} of the subject, if the subject still has it. A cached entry answers
   * while fresh: a key of another id means {@code keyId} was destroyed (ids never come back),
   * unless another process made the subject a new key since the entry was loaded.
   */
  Optional<SubjectKey> find(String subject, UUID keyId) {
    Entry entry = cache.get(subject);
    Optional<SubjectKey> key =
        entry != null && fresh(entry) ? entry.key() : load(subject, false);
    return key.filter(k -> k.id().equals(keyId));
  }

  /** Destroys the subject's key in the store and drops it from the cache. */
  boolean forget(String subject) {
    boolean[] destroyed = new boolean[1];
    cache.compute(subject, (s, old) -> {
      destroyed[0] = store.destroy(s);
      return null;
    });
    return destroyed[0];
  }

  private Optional<SubjectKey> load(String subject, boolean create) {
    if (cache.size() >= maxEntries) {
      cache.clear();
    }
    Entry loaded = cache.compute(subject, (s, old) -> {
      if (old != null && fresh(old) && old.key().isPresent()) {
        return old;
      }
      Optional<SubjectKey> key = create ? Optional.of(store.keyFor(s)) : store.find(s);
      return new Entry(key, System.nanoTime());
    });
    return loaded == null ? Optional.empty() : loaded.key();
  }

  private boolean fresh(Entry entry) {
    return System.nanoTime() - entry.loadedAt() < ttlNanos;
  }
}
