package dev.eventcore.benchmarks.harness;

import java.util.Objects;

/**
 * What a worker knows of its run.
 *
 * @param thread the thread's index, 0-based
 * @param run a number unique to this run in the JVM: use it to name fresh streams
 * @param counters the run's named counters
 */
public record WorkerContext(int thread, long run, Counters counters) {

  /** Validates the arguments. */
  public WorkerContext {
    Objects.requireNonNull(counters, "counters");
  }

  /** A name unique in the JVM for this thread's operation {@code seq}, e.g. a fresh stream id. */
  public String unique(String prefix, long seq) {
    return prefix + "-" + run + "-" + thread + "-" + seq;
  }
}
