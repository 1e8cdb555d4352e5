package dev.eventcore.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting subscriptions when new events may be readable. An adapter calls {@link #signal()}
 * after each commit (and when a NOTIFY arrives from another process); a subscription reads {@link
 * #sequence()}, reads the log, and if it found nothing waits in {@link #await} for the sequence to
 * move. Reading the sequence before the log means no wake-up is ever lost.
 *
 * <p>{@link #signal()} costs one atomic increment when nobody waits, so the append path stays lean.
 */
public final class WakeUpSignal {
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** The current sequence; read it before reading the log. */
  public long sequence() {
    return sequence.get();
  }

  /** Records that new events may be readable and wakes every waiter. */
  public void signal() {
    sequence.incrementAndGet();
    if (waiters.get() > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until the sequence differs from {@code seen} or {@code timeoutNanos} pass.
   *
   * @return whether the sequence moved
   */
  public boolean await(long seen, long timeoutNanos) throws InterruptedException {
    if (sequence.get() != seen) {
      return true;
    }
    waiters.incrementAndGet();
    lock.lock();
    try {
      long remaining = timeoutNanos;
      while (sequence.get() == seen) {
        if (remaining <= 0) {
          return false;
        }
        remaining = changed.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /** {@link #await(long, long)} with a time unit. */
  public boolean await(long seen, long timeout, TimeUnit unit) throws InterruptedException {
    return await(seen, unit.toNanos(timeout));
  }
}
