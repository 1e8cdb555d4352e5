package dev.eventcore.spi;

import dev.eventcore.GlobalPosition;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A subscription's position, written by its thread only, and the wait for it to reach a target.
 * Thread-safe.
 */
final class SubscriptionProgress {
  private final WakeUpSignal moved = new WakeUpSignal();
  private volatile GlobalPosition position;

  SubscriptionProgress(GlobalPosition start) {
    this.position = start;
  }

  GlobalPosition get() {
    return position;
  }

  /** Moves to {@code next} (the subscription's thread only) and wakes the waiters. */
  void set(GlobalPosition next) {
    position = next;
    moved.signal();
  }

  /** Wakes the waiters to look at the subscription's state again (it stopped). */
  void wakeWaiters() {
    moved.signal();
  }

  /**
   * Waits until the position reaches {@code target} (true), the subscription stops (false, or its
   * failure thrown) or {@code timeout} passes (false).
   */
  boolean await(GlobalPosition target, Duration timeout,
      Supplier<Optional<SubscriptionFailedException>> failure, BooleanSupplier stopped)
      throws InterruptedException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = moved.sequence();
      if (position.compareTo(target) >= 0) {
        return true;
      }
      Optional<SubscriptionFailedException> failed = failure.get();
      if (failed.isPresent()) {
        throw failed.get();
      }
      if (stopped.getAsBoolean()) {
        return false;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      moved.await(seen, remaining);
    }
  }
}
