package dev.eventcore.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The instances in memory by the earliest due time of their pending timeouts, so that a tick
 * finds the instances with a timeout due in time proportional to their number, not to the number
 * of open instances. Updated when an instance's view is published, under that instance's lock, so
 * the updates of one key never interleave.
 */
final class DueIndex {
  private record Due(Instant at, String key) implements Comparable<Due> {
    @Override
    public int compareTo(Due other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : key.compareTo(other.key);
    }
  }

  private final Map<String, Instant> earliest = new ConcurrentHashMap<>();
  private final NavigableSet<Due> byTime = new ConcurrentSkipListSet<>();

  /** Records that {@code key}'s earliest pending timeout is due {@code at}; null for none. */
  void set(String key, @Nullable Instant at) {
    Instant old = at == null ? earliest.remove(key) : earliest.put(key, at);
    if (Objects.equals(old, at)) {
      return;
    }
    if (old != null) {
      byTime.remove(new Due(old, key));
    }
    if (at != null) {
      byTime.add(new Due(at, key));
    }
  }

  /** The keys with a pending timeout due at or before {@code now}, earliest first. */
  List<String> dueBy(Instant now) {
    List<String> keys = new ArrayList<>();
    for (Due due : byTime) {
      if (due.at().isAfter(now)) {
        break;
      }
      keys.add(due.key());
    }
    return keys;
  }
}
