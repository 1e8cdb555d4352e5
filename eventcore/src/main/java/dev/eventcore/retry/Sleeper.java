package dev.eventcore.retry;

import java.time.Duration;

/**
 * Waits between retries. The default is {@link Thread#sleep(long)}; tests pass a fake that records
 * the delays and returns at once.
 *
 * <pre>{@code
 * List<Duration> slept = new ArrayList<>();
 * CommandExecutor executor = CommandExecutor.builder(store).sleeper(slept::add).build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

  /** The sleeper that blocks the calling thread. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
