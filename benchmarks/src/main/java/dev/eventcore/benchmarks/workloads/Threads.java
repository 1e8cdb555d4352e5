package dev.eventcore.benchmarks.workloads;

/** Joining the helper threads of a workload. */
final class Threads {
  private Threads() {}

  /** Waits for {@code thread} to end; keeps the caller's interrupt for later if interrupted. */
  static void join(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
