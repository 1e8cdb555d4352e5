package dev.eventcore.benchmarks.harness;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named event counters of one run (conflicts, retries); thread-safe. */
public final class Counters {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Adds one to {@code name}. */
  public void increment(String name) {
    counters.computeIfAbsent(name, n -> new LongAdder()).increment();
  }

  /** The counts so far, by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new TreeMap<>();
    counters.forEach((name, adder) -> values.put(name, adder.sum()));
    return values;
  }
}
