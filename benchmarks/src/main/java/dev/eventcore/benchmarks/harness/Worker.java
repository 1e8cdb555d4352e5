package dev.eventcore.benchmarks.harness;

/**
 * One thread's part of a load: a step is one operation (one append, one read, one commit).
 * A worker is used by one thread only.
 */
public interface Worker {

  /**
   * Performs operation number {@code seq} of this thread.
   *
   * @return the number of events it wrote or read
   * @throws Exception to abort the whole run
   */
  long step(long seq) throws Exception;

  /**
   * Releases the worker's resources (e.g. its connection); called by the driver on the worker's
   * thread after the run. (Not {@code AutoCloseable}: workers are never used in try-with-resources.)
   */
  default void close() throws Exception {}
}
