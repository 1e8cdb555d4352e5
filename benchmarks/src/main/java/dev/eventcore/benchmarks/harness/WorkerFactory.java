package dev.eventcore.benchmarks.harness;

/** Opens the worker of one thread of a run; called on that thread before the clock starts. */
@FunctionalInterface
public interface WorkerFactory {

  /**
   * Opens a worker.
   *
   * @param context the thread's index, a run id unique in the JVM, and the run's counters
   */
  Worker open(WorkerContext context) throws Exception;
}
