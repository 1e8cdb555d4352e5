package dev.eventcore.postgres;

import dev.eventcore.TransientStoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Group commit by natural batching, without writer threads: a caller that finds fewer than {@code
 * maxInFlight} batches being written becomes a leader and writes whatever is queued (its own append
 * included) with one call and one commit, on its own thread; callers arriving meanwhile queue and
 * wait. When a leader's write ends it completes the batch's callers and, if more is queued, hands
 * its leadership to the oldest waiting caller, which writes the next batch. Nothing ever waits to
 * fill a batch, and a lone caller writes its append itself (no thread hop).
 *
 * <p>Each append is still checked on its own and gets its own result or exception. A batch that
 * fails as a whole for a non-transient reason is retried append by append, so one bad append fails
 * alone. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
  /** The most appends in one batch. */
  static final int MAX_BATCH_APPENDS = 64;

  private static final class Pending {
    final AppendWriter.Encoded append;
    final Thread caller = Thread.currentThread();
    volatile AppendWriter.@Nullable Outcome outcome;
    /** Leaderships handed to this caller and not yet exercised; guarded by the lock. */
    volatile int leads;

    Pending(AppendWriter.Encoded append) {
      this.append = append;
    }
  }

  private final AppendWriter writer;
  private final int maxInFlight;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean closed;

  /**
   * @param maxInFlight how many batches may be written at once (each on its own connection); more
   *     than one lets a batch form while another waits for its commit's WAL flush
   */
  GroupCommitter(AppendWriter writer, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1 but was " + maxInFlight);
    }
    this.writer = writer;
    this.maxInFlight = maxInFlight;
  }

  /** Queues the append and returns its outcome, writing batches itself when it leads. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // leads changes under the lock
  AppendWriter.Outcome submit(AppendWriter.Encoded append) {
    Pending me = new Pending(append);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the event store is closed");
      }
      queue.addLast(me);
      if (inFlight < maxInFlight) {
        inFlight++;
        me.leads++;
      }
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    try {
      while (true) {
        if (me.leads > 0 && takeLead(me)) {
          lead();
          continue;
        }
        AppendWriter.Outcome outcome = me.outcome;
        if (outcome != null) {
          // a lead may have been handed to this append while it waited in the queue, just before
          // another leader took it into its batch: exercise it, or the slot would leak for good
          while (takeLead(me)) {
            lead();
          }
          return outcome;
        }
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // leads changes under the lock
  private boolean takeLead(Pending me) {
    lock.lock();
    try {
      if (me.leads == 0) {
        return false;
      }
      me.leads--;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Writes one batch of what is queued, then hands the leadership on or gives it up. */
  private void lead() {
    List<Pending> batch = new ArrayList<>();
    lock.lock();
    try {
      long events = 0;
      long bytes = 0;
      while (batch.size() < MAX_BATCH_APPENDS && !queue.isEmpty()) {
        AppendWriter.Encoded next = queue.peekFirst().append;
        int count = next.append().eventCount();
        if (!batch.isEmpty() && (events + count >= Positions.MAX_EVENTS_PER_TRANSACTION
            || bytes + next.bytes() > Positions.MAX_APPEND_BYTES)) {
          break; // the batch goes out in one protocol message: keep it as small as one append
        }
        batch.add(queue.pollFirst());
        events += count;
        bytes += next.bytes();
      }
    } finally {
      lock.unlock();
    }
    try {
      if (!batch.isEmpty()) {
        write(batch);
      }
    } finally {
      for (Pending pending : batch) {
        if (pending.outcome == null) { // only when write itself failed with an Error
          complete(pending, new AppendWriter.Outcome(
              null, new IllegalStateException("the group commit failed unexpectedly")));
        }
      }
      handOn();
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // leads changes under the lock
  private void handOn() {
    lock.lock();
    try {
      Pending next = queue.peekFirst();
      if (next == null) {
        if (--inFlight == 0) {
          idle.signalAll();
        }
        return;
      }
      next.leads++;
      if (next.caller != Thread.currentThread()) {
        LockSupport.unpark(next.caller);
      }
    } finally {
      lock.unlock();
    }
  }

  private void write(List<Pending> batch) {
    List<AppendWriter.Encoded> appends = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      appends.add(pending.append);
    }
    try {
      List<AppendWriter.Outcome> outcomes = writer.write(appends);
      for (int i = 0; i < batch.size(); i++) {
        complete(batch.get(i), outcomes.get(i));
      }
    } catch (TransientStoreException e) {
      for (Pending pending : batch) {
        complete(pending, new AppendWriter.Outcome(null, e));
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        complete(batch.get(0), new AppendWriter.Outcome(null, e));
        return;
      }
      for (Pending pending : batch) {
        write(List.of(pending));
      }
    }
  }

  private static void complete(Pending pending, AppendWriter.Outcome outcome) {
    pending.outcome = outcome;
    if (pending.caller != Thread.currentThread()) {
      LockSupport.unpark(pending.caller);
    }
  }

  /**
   * Refuses new appends, lets the batches in flight and everything queued before it finish (up to
   * 30 s), then fails what is still queued.
   */
  @Override
  public void close() {
    List<Pending> left = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      long nanos = TimeUnit.SECONDS.toNanos(30);
      while (inFlight > 0 && nanos > 0) {
        nanos = idle.awaitNanos(nanos);
      }
      left.addAll(queue);
      queue.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      left.addAll(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    for (Pending pending : left) {
      complete(pending, new AppendWriter.Outcome(
          null, new IllegalStateException("the event store was closed before this append ran")));
    }
  }
}
