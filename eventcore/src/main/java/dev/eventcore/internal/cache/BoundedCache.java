package dev.eventcore.internal.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe map bounded by the total weight of its values, evicting the least recently used
 * entries. It is split into segments, each with its own lock and its share of the bound, so that
 * threads working on different keys rarely wait for each other; the lock is held only to look up
 * or replace an entry, never while reading a store or running user code.
 *
 * <p>The bound is exact: the weights of all entries never exceed {@code maxWeight}. A value heavier
 * than its segment's share is not kept. A bound of 0 keeps nothing.
 */
public final class BoundedCache<K, V> {
  private final Segment<K, V>[] segments;
  private final ToIntFunction<V> weigher;

  /**
   * A cache of at most {@code maxWeight} in all.
   *
   * @param maxSegments the most segments to split into (rounded down to a power of two)
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array that never leaves this object
  public BoundedCache(long maxWeight, int maxSegments, ToIntFunction<V> weigher) {
    if (maxWeight < 0) {
      throw new IllegalArgumentException("maxWeight must be >= 0 but was " + maxWeight);
    }
    this.weigher = Objects.requireNonNull(weigher, "weigher");
    int count = maxWeight == 0 ? 0 : Integer.highestOneBit((int) Math.min(maxSegments, maxWeight));
    segments = new Segment[count];
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment<>(maxWeight / count + (i < maxWeight % count ? 1 : 0));
    }
  }

  /** Whether the cache keeps anything at all. */
  public boolean enabled() {
    return segments.length > 0;
  }

  /** The value of {@code key}, marking it recently used; {@code null} when absent. */
  public @Nullable V get(K key) {
    if (segments.length == 0) {
      return null;
    }
    Segment<K, V> segment = segment(key);
    synchronized (segment) {
      return segment.map.get(key);
    }
  }

  /**
   * Keeps {@code value} for {@code key} unless the value already there is preferred: {@code
   * replaces.test(present, value)} decides whether {@code value} replaces a present one.
   */
  public void put(K key, V value, BiPredicate<V, V> replaces) {
    if (segments.length == 0) {
      return;
    }
    int weight = Math.max(1, weigher.applyAsInt(value));
    Segment<K, V> segment = segment(key);
    synchronized (segment) {
      V present = segment.map.get(key);
      if (present != null && !replaces.test(present, value)) {
        return;
      }
      if (present != null) {
        segment.map.remove(key);
        segment.weight -= Math.max(1, weigher.applyAsInt(present));
      }
      if (weight > segment.budget) {
        return;
      }
      segment.map.put(key, value);
      segment.weight += weight;
      Iterator<V> eldest = segment.map.values().iterator();
      while (segment.weight > segment.budget) {
        segment.weight -= Math.max(1, weigher.applyAsInt(eldest.next()));
        eldest.remove();
      }
    }
  }

  /** Forgets {@code key}. */
  public void remove(K key) {
    if (segments.length == 0) {
      return;
    }
    Segment<K, V> segment = segment(key);
    synchronized (segment) {
      V present = segment.map.remove(key);
      if (present != null) {
        segment.weight -= Math.max(1, weigher.applyAsInt(present));
      }
    }
  }

  /** How many entries are kept. */
  public int size() {
    int size = 0;
    for (Segment<K, V> segment : segments) {
      synchronized (segment) {
        size += segment.map.size();
      }
    }
    return size;
  }

  /** The total weight of the entries kept. */
  public long weight() {
    long weight = 0;
    for (Segment<K, V> segment : segments) {
      synchronized (segment) {
        weight += segment.weight;
      }
    }
    return weight;
  }

  /**
   * The segment of {@code key}, chosen by the top bits of a multiplicative hash. Not by the low
   * bits of the key's hash: a segment's {@link LinkedHashMap} places keys by those, and if every
   * key of a segment shared them, the map would use one bucket in {@code segments.length}, with
   * chains long enough to turn into trees.
   */
  private Segment<K, V> segment(K key) {
    // the golden ratio's fraction of 2^32, wrapping: a multiplicative hash
    long spread = Integer.toUnsignedLong(key.hashCode() * 0x9E3779B9);
    return segments[(int) ((spread * segments.length) >>> Integer.SIZE)]; // its top bits
  }

  /** One lock's share of the cache: entries in access order, eldest first. */
  private static final class Segment<K, V> {
    final long budget;
    final Map<K, V> map = new LinkedHashMap<>(16, 0.75f, true);
    long weight;

    Segment(long budget) {
      this.budget = budget;
    }
  }
}
