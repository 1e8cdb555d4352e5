package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.internal.Threads;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's subscriptions and its one {@link LogTailer}. Each subscription catches up with reads of
 * its own (the filter pushed down to storage), then joins the tailer and takes the log from it,
 * filtered in memory; it falls back to its own reads when its buffer overflows. Thread-safe.
 */
final class SubscriptionEngine {
  private static final AtomicLong COUNTER = new AtomicLong();

  /** Marks the engine's own threads, whichever factory made them. */
  private static final ThreadLocal<Boolean> ENGINE_THREAD = new ThreadLocal<>();

  private final EventStore store;
  private final EventStorage storage;
  private final Optional<ThreadFactory> threadFactory;
  private final Upcasting upcasting;
  private final WakeUpSignal wakeUps;
  private final int pageSize;
  private final int bufferSize;
  private final LogTailer tailer;
  private final Observer observer;
  private final Set<CatchUpSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  /**
   * @param store the store whose filtered, upcast reads a catching-up subscription makes
   * @param storage the storage the tailer reads (decoded, not upcast)
   */
  SubscriptionEngine(EventStore store, EventStorage storage, Upcasting upcasting,
      WakeUpSignal wakeUps, int pageSize, int bufferSize, long pollNanos, long coalesceNanos,
      Observer observer, Optional<ThreadFactory> threadFactory) {
    this.store = store;
    this.storage = storage;
    this.threadFactory = threadFactory;
    this.observer = observer;
    this.upcasting = upcasting;
    this.wakeUps = wakeUps;
    this.pageSize = pageSize;
    this.bufferSize = bufferSize;
    this.tailer = new LogTailer("store-" + COUNTER.incrementAndGet(), new LogTailer.Source() {
      @Override
      public List<RecordedEvent<?>> readStored(GlobalPosition after, int maxCount) {
        return storage.readAll(after, maxCount);
      }

      @Override
      public boolean ownCommitsPendingAfter(GlobalPosition position) {
        return storage.ownCommitsPendingAfter(position);
      }

      @Override
      public Thread newThread(Runnable task, String name) {
        return SubscriptionEngine.this.newThread(task, name);
      }
    }, wakeUps, pageSize, pollNanos, coalesceNanos);
  }

  Subscription subscribe(GlobalPosition after, EventFilter filter, EventHandler handler) {
    String name = handler.name().isEmpty()
        ? "subscription-" + COUNTER.incrementAndGet() : handler.name();
    CatchUpSubscription subscription = new CatchUpSubscription(name, filter,
        new SubscriptionReads() {
          @Override
          public LogPage read(GlobalPosition from, int maxCount) {
            return store.readAll(from, maxCount, filter);
          }

          @Override
          public LogPage view(TailBatch batch) {
            return SubscriptionEngine.this.view(batch, filter);
          }

          @Override
          public boolean ownCommitsPendingAfter(GlobalPosition position) {
            return storage.ownCommitsPendingAfter(position);
          }

          @Override
          public Thread newThread(Runnable task, String name) {
            return SubscriptionEngine.this.newThread(task, name);
          }
        },
        tailer, wakeUps, after, handler, pageSize, bufferSize, subscriptions::remove, observer);
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  /**
   * A batch as {@code filter} sees it: exactly what its own read of the same range would return
   * (filtered on the stored names, upcast, filtered again, undecodable events resolved).
   */
  LogPage view(TailBatch batch, EventFilter filter) {
    EventFilter stored = upcasting.storedFilter(filter);
    List<RecordedEvent<?>> kept;
    if (stored.matchesAll()) {
      kept = batch.events();
    } else {
      kept = new ArrayList<>();
      for (RecordedEvent<?> event : batch.events()) {
        if (stored.matches(event)) {
          kept.add(event);
        }
      }
    }
    return upcasting.page(new LogPage(kept, batch.to()), filter);
  }

  /** Closes every subscription (each waits for its handler), then the tailer. */
  void close() {
    for (CatchUpSubscription subscription : List.copyOf(subscriptions)) {
      subscription.close();
    }
    tailer.close();
  }

  /** Whether the tailer thread runs. */
  boolean tailerRunning() {
    return tailer.isRunning();
  }

  /**
   * A thread of the host's factory, else a daemon thread named {@code name}, running {@code task};
   * see {@link #onEngineThread()}.
   */
  Thread newThread(Runnable task, String name) {
    return Threads.newThread(threadFactory, name, () -> {
      ENGINE_THREAD.set(Boolean.TRUE);
      task.run();
    });
  }

  /** Whether the caller is a subscription's or the tailer's thread (never an appender's). */
  static boolean onEngineThread() {
    return ENGINE_THREAD.get() != null;
  }

  static void joinUninterruptibly(Thread thread) {
    if (thread == Thread.currentThread()) {
      return;
    }
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
