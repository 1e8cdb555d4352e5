package dev.eventcore.spi;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The bounded buffer between the {@link LogTailer} and one subscription's thread. The tailer never
 * waits on it: a batch that does not fit detaches the subscription instead ({@link #offer} returns
 * false), which then drains what it holds and catches up with reads of its own. So a slow handler
 * costs at most this buffer's events in memory and never holds up the tailer or other
 * subscriptions.
 */
final class SubscriberInbox {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<TailBatch> batches = new ArrayDeque<>();
  private int events;
  private boolean detached;

  /** @param capacity the events it holds at most (a single batch is always accepted) */
  SubscriberInbox(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues {@code batch}, or, when it would exceed the capacity, detaches (drops it: the
   * subscription reads it itself later). Never blocks.
   *
   * @return false when the inbox is detached: the tailer stops handing it batches
   */
  boolean offer(TailBatch batch) {
    lock.lock();
    try {
      if (detached) {
        return false;
      }
      if (!batches.isEmpty() && events + batch.events().size() > capacity) {
        detached = true;
        changed.signalAll();
        return false;
      }
      batches.add(batch);
      events += batch.events().size();
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The events queued, not yet taken. */
  int queued() {
    lock.lock();
    try {
      return events;
    } finally {
      lock.unlock();
    }
  }

  /** Detaches it: the subscription takes what is queued, then reads on by itself. */
  void detach() {
    lock.lock();
    try {
      detached = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a waiting {@link #take} so it looks at its stop condition again. */
  void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch, waiting for one; null when {@code stop} holds or the inbox is detached and
   * drained.
   */
  @Nullable TailBatch take(BooleanSupplier stop) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stop.getAsBoolean()) {
          return null;
        }
        TailBatch batch = batches.poll();
        if (batch != null) {
          events -= batch.events().size();
          return batch;
        }
        if (detached) {
          return null;
        }
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether no batch is queued. */
  boolean isEmpty() {
    lock.lock();
    try {
      return batches.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
