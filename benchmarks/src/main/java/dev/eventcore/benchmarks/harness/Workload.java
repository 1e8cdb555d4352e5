package dev.eventcore.benchmarks.harness;

/**
 * A workload of docs/benchmarks.md: W1, W2, ... A new workload is one small class implementing this
 * interface, added to the list in {@code dev.eventcore.benchmarks.workloads.Workloads}.
 *
 * <p>{@link #run} measures each of its cases with {@link Bench#compare}, which interleaves the
 * library with its raw baselines round by round, and records them with {@link Bench#record}.
 */
public interface Workload {

  /** The id used in reports and by {@code --only}, e.g. {@code "W1"}. */
  String id();

  /** What it is, e.g. {@code "single-event appends, distinct streams"}. */
  String title();

  /**
   * Whether it needs a PostgreSQL server (raw probes or the PostgreSQL store); most do, a workload
   * that runs without one says so.
   */
  default boolean needsDatabase() {
    return true;
  }

  /**
   * Runs every case of this workload in the given profile and records the results.
   *
   * @throws Exception if the workload cannot run; the suite records it as not run, with the message
   */
  void run(Bench bench) throws Exception;
}
