package dev.eventcore.projection;

import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.retry.Sleeper;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One subscription of a projection, from subscribe to close. Cancelling it tells a handler that is
 * waiting to retry to abandon its event: the runner is closing the subscription.
 */
final class Run {
  private final WakeUpSignal cancelSignal = new WakeUpSignal();
  private volatile boolean cancelled;
  private volatile @Nullable Subscription subscription;

  void attach(Subscription subscription) {
    this.subscription = Objects.requireNonNull(subscription, "subscription");
  }

  Subscription subscription() {
    Subscription attached = subscription;
    if (attached == null) {
      throw new IllegalStateException("the run has no subscription yet");
    }
    return attached;
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Cancels the run and closes its subscription, waiting for the handler to return. */
  void close() {
    cancelled = true;
    cancelSignal.signal();
    subscription().close();
  }

  /**
   * Waits {@code delay} before a retry.
   *
   * @return false if the run was cancelled meanwhile: the handler must abandon the event
   */
  boolean sleep(Duration delay, Optional<Sleeper> sleeper) throws InterruptedException {
    if (sleeper.isPresent()) {
      sleeper.get().sleep(delay);
      return !cancelled;
    }
    long deadline = System.nanoTime() + delay.toNanos();
    while (true) {
      long seen = cancelSignal.sequence();
      if (cancelled) {
        return false;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      cancelSignal.await(seen, remaining);
    }
  }

  /**
   * Called by a handler that abandons its event because the run was cancelled: waits until the
   * subscription counts as closed, so throwing leaves the event unhandled without a failure.
   */
  void awaitClosing() {
    Subscription attached = subscription;
    while (attached != null && attached.isRunning()) {
      LockSupport.parkNanos(100_000);
    }
  }
}
