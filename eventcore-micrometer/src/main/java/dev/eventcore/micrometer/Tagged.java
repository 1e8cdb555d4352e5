package dev.eventcore.micrometer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Meters of one name, one per value of a tag, created on first use; a hit allocates nothing. */
final class Tagged<M> {
  private final Map<String, M> meters = new ConcurrentHashMap<>();
  private final Function<String, M> create;

  Tagged(Function<String, M> create) {
    this.create = create;
  }

  M get(String value) {
    M meter = meters.get(value);
    return meter != null ? meter : meters.computeIfAbsent(value, create);
  }
}
