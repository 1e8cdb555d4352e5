package dev.eventcore.memory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory store's write lock: barging for a first attempt, first come first served for an
 * append that retries after a conflict. Reentrant.
 *
 * <p>An unfair lock is fastest, but with more threads than cores a thread queued for it can lose
 * to running threads for tens of milliseconds while the stream it read moves on; its append
 * conflicts, the retry queues again and conflicts again, until the retry policy gives up. A fair
 * lock ends that but hands the lock to a parked thread on every release, at a sixth of the rate.
 * Here an append by a thread whose previous append on this lock lost a race ({@link
 * #conflicted()}) waits in turn, and while it waits, newcomers (those that look after it began
 * to wait) queue behind it instead of barging. The mark is used up by the thread's next append,
 * retry or not: an application whose appends conflict often by design runs closer to the fair
 * lock's rate.
 */
final class WriteLock {
  private final ReentrantLock lock = new ReentrantLock(true);
  private final AtomicInteger retriesWaiting = new AtomicInteger();
  private final ThreadLocal<boolean[]> lostRace = ThreadLocal.withInitial(() -> new boolean[1]);

  /** Takes the lock, in turn if this thread's last append conflicted. */
  void lock() {
    boolean[] lost = lostRace.get();
    if (lost[0]) {
      lost[0] = false;
      retriesWaiting.incrementAndGet();
      try {
        lock.lock();
      } finally {
        retriesWaiting.decrementAndGet();
      }
    } else if (retriesWaiting.get() != 0 || !lock.tryLock()) {
      lock.lock(); // fair: behind the waiters, a retry among them
    }
  }

  /** Records that this thread's append under the lock failed its check; its next one waits in turn. */
  void conflicted() {
    lostRace.get()[0] = true;
  }

  void unlock() {
    lock.unlock();
  }

  /** Whether {@code thread} waits for the lock; for tests. */
  boolean isWaiting(Thread thread) {
    return lock.hasQueuedThread(thread);
  }
}
