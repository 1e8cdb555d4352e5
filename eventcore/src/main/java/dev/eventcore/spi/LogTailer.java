package dev.eventcore.spi;

import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.internal.WakeUpSignal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the log per store: a thread that reads each new page of stored events once
 * (decoded once, unfiltered), and hands it to every attached subscription's {@link
 * SubscriberInbox}; each subscription filters and upcasts it in memory on its own thread. Wake-ups
 * are coalesced: however many appends signal during a read, the next read takes all of them; with
 * a coalescing interval, a caught-up tailer that has just read new events reads again at most
 * once per interval, so that under a steady stream of appends each read takes many of them
 * instead of one, while an append to a quiet log is read as soon as it signals.
 *
 * <p>It starts with the first attached subscription, at that subscription's position, and stops
 * when the last one detaches (or the store closes). It never waits for a subscription: one whose
 * inbox is full is detached and catches up by itself. A read that fails retryably (a lost
 * connection) is retried with a backoff up to 5 s, the subscriptions staying attached; any other
 * failure detaches every subscription to read by itself, with its own failure reporting.
 * Thread-safe.
 */
final class LogTailer {
  private static final Logger LOG = LoggerFactory.getLogger(LogTailer.class);
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MIN_FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_FAILURE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** What the tailer reads with. */
  interface Source {
    /** Up to {@code maxCount} stored events strictly after {@code after}, decoded, not upcast. */
    List<RecordedEvent<?>> readStored(GlobalPosition after, int maxCount);

    /** Whether this store committed events after {@code position} that a read may not show yet. */
    boolean ownCommitsPendingAfter(GlobalPosition position);

    /** A new, unstarted thread of the store's thread factory that runs {@code task}. */
    Thread newThread(Runnable task, String name);
  }

  private final String name;
  private final Source source;
  private final WakeUpSignal wakeUps;
  private final int pageSize;
  private final long pollNanos;
  private final long coalesceNanos;
  private final Object lock = new Object();
  private final List<SubscriberInbox> inboxes = new ArrayList<>();
  private final List<Thread> started = new ArrayList<>();
  private GlobalPosition tail = GlobalPosition.START;
  private boolean atEnd;
  private @Nullable Thread thread;
  private boolean closed;

  LogTailer(String name, Source source, WakeUpSignal wakeUps, int pageSize, long pollNanos) {
    this(name, source, wakeUps, pageSize, pollNanos, 0);
  }

  /**
   * A tailer that, once caught up, starts a read at most every {@code coalesceNanos} (0: as soon as
   * woken).
   */
  LogTailer(String name, Source source, WakeUpSignal wakeUps, int pageSize, long pollNanos,
      long coalesceNanos) {
    this.coalesceNanos = coalesceNanos;
    this.name = name;
    this.source = source;
    this.wakeUps = wakeUps;
    this.pageSize = pageSize;
    this.pollNanos = pollNanos;
  }

  /**
   * Attaches {@code inbox}, starting the tailer at {@code from} if it is not running. The inbox
   * first receives a marker at the tailer's position, then every batch after it.
   *
   * @return the position the inbox receives everything after: the subscription reads up to it
   *     itself if it is behind, and drops what it already handled if it is ahead
   */
  GlobalPosition attach(SubscriberInbox inbox, GlobalPosition from) {
    synchronized (lock) {
      if (closed) {
        inbox.detach();
        return from;
      }
      if (thread == null) {
        tail = from;
        atEnd = false;
        thread = source.newThread(this::run, "eventcore-tailer-" + name);
        started.removeIf(t -> !t.isAlive());
        started.add(thread);
        thread.start();
      }
      inboxes.add(inbox);
      inbox.offer(TailBatch.marker(tail, atEnd));
      return tail;
    }
  }

  /** Detaches {@code inbox}; the tailer stops when none is left. */
  void detach(SubscriberInbox inbox) {
    boolean stopped;
    synchronized (lock) {
      inbox.detach();
      stopped = inboxes.remove(inbox) && inboxes.isEmpty() && stop();
    }
    if (stopped) {
      wakeUps.signal(); // the thread exits when it wakes
    }
  }

  /** Stops the tailer and waits for its threads; attaching afterwards detaches at once. */
  void close() {
    List<Thread> threads;
    synchronized (lock) {
      closed = true;
      detachAll();
      threads = List.copyOf(started);
    }
    wakeUps.signal();
    for (Thread t : threads) {
      SubscriptionEngine.joinUninterruptibly(t);
    }
  }

  /** Whether the tailer thread runs (for tests). */
  boolean isRunning() {
    synchronized (lock) {
      return thread != null;
    }
  }

  private boolean stop() {
    boolean was = thread != null;
    thread = null;
    return was;
  }

  private void detachAll() {
    for (SubscriberInbox inbox : inboxes) {
      inbox.detach();
    }
    inboxes.clear();
    stop();
  }

  private void run() {
    Thread me = Thread.currentThread();
    long backoff = MIN_BACKOFF_NANOS;
    long failureBackoff = MIN_FAILURE_BACKOFF_NANOS;
    long lastRead = System.nanoTime() - coalesceNanos;
    boolean streaming = false;
    while (true) {
      if (streaming && coalesceNanos > 0) {
        // woken right after a read that found new events at the end: let the appends of the
        // interval gather, then take them at once. After a read that found none (a quiet log, a
        // safety poll) nothing is gathering: the append that woke us is read at once.
        long gap = lastRead + coalesceNanos - System.nanoTime();
        if (gap > 0) {
          LockSupport.parkNanos(gap);
        }
      }
      lastRead = System.nanoTime();
      long seen = wakeUps.sequence();
      GlobalPosition from;
      synchronized (lock) {
        if (thread != me) {
          return;
        }
        from = tail;
      }
      List<RecordedEvent<?>> read;
      try {
        read = source.readStored(from, pageSize);
      } catch (EventStoreException e) {
        if (!e.isRetryable()) {
          fail(me, from, e);
          return;
        }
        LOG.warn("{}: reading the log after {} failed, retrying in {} ms: {}", name, from,
            TimeUnit.NANOSECONDS.toMillis(failureBackoff), e.toString(), e);
        if (!pause(seen, failureBackoff)) {
          return;
        }
        failureBackoff = Math.min(failureBackoff * 2, MAX_FAILURE_BACKOFF_NANOS);
        continue;
      } catch (RuntimeException e) {
        fail(me, from, e);
        return;
      }
      failureBackoff = MIN_FAILURE_BACKOFF_NANOS;
      boolean end = read.size() < pageSize;
      streaming = end && !read.isEmpty();
      synchronized (lock) {
        if (thread != me) {
          return;
        }
        if (!read.isEmpty()) {
          GlobalPosition to = read.get(read.size() - 1).position();
          dispatch(new TailBatch(from, to, List.copyOf(read), end));
          tail = to;
          atEnd = end;
        } else if (!atEnd) {
          atEnd = true;
          dispatch(TailBatch.marker(from, true));
        }
      }
      if (!end) {
        continue;
      }
      long wait = pollNanos;
      if (source.ownCommitsPendingAfter(tailOf())) {
        // this store's commits are not readable yet (an older transaction is open): look again
        // soon, without blocking anyone; their commits wake us too
        wait = backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      } else {
        backoff = MIN_BACKOFF_NANOS;
      }
      if (!pause(seen, wait)) {
        return;
      }
    }
  }

  /** Waits for a wake-up or {@code nanos}; false if interrupted. */
  private boolean pause(long seen, long nanos) {
    try {
      wakeUps.await(seen, nanos);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * A read failed for good: every subscription reads by itself now, and stops there with the
   * cause, or reads past it (its filter leaves the event out) and joins again later.
   */
  private void fail(Thread me, GlobalPosition from, RuntimeException e) {
    LOG.debug("{}: reading after {} failed; subscriptions read by themselves: {}",
        name, from, e.toString());
    synchronized (lock) {
      if (thread == me) {
        detachAll();
      }
    }
  }

  private GlobalPosition tailOf() {
    synchronized (lock) {
      return tail;
    }
  }

  private void dispatch(TailBatch batch) {
    for (Iterator<SubscriberInbox> it = inboxes.iterator(); it.hasNext(); ) {
      if (!it.next().offer(batch)) {
        it.remove(); // full: it catches up by itself and joins again
      }
    }
    if (inboxes.isEmpty()) {
      stop();
    }
  }
}
