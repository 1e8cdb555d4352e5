package dev.eventcore.benchmarks.harness;

/** A run that could not be measured: a worker failed, or the environment is missing something. */
public final class BenchmarkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public BenchmarkException(String message) {
    super(message);
  }

  /** With a message and its cause. */
  public BenchmarkException(String message, Throwable cause) {
    super(message, cause);
  }
}
