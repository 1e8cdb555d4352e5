package dev.eventcore.benchmarks.harness;

/** One measurement of one thing for one round: usually a {@link LoadDriver} run. */
@FunctionalInterface
public interface Trial {

  /** Runs and returns what was measured. */
  Sample run() throws Exception;
}
