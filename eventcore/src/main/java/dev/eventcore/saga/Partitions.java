package dev.eventcore.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small pool of single-thread workers; work is partitioned by saga instance key, so the work of
 * one instance runs in submission order while other instances run in parallel. Once closed (or
 * before it is started) work runs on the caller's thread.
 */
final class Partitions {
  private final List<ExecutorService> workers = new ArrayList<>();
  private volatile boolean open;

  /** Starts {@code threads} workers. */
  synchronized void start(int threads, ThreadFactory factory) {
    if (open) {
      return;
    }
    workers.clear();
    for (int i = 0; i < threads; i++) {
      workers.add(Executors.newSingleThreadExecutor(factory));
    }
    open = true;
  }

  boolean started() {
    return open;
  }

  /** Runs {@code work} on {@code key}'s worker, or right here if there are no workers. */
  <T> CompletableFuture<T> submit(String key, Supplier<T> work) {
    ExecutorService worker;
    synchronized (this) {
      worker = open ? workers.get(Math.floorMod(key.hashCode(), workers.size())) : null;
    }
    if (worker != null) {
      try {
        return CompletableFuture.supplyAsync(work, worker);
      } catch (RejectedExecutionException e) {
        // closing: run it here
      }
    }
    try {
      return CompletableFuture.completedFuture(work.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Waits until the work queued on every worker before this call has run. */
  void awaitQueued() {
    List<CompletableFuture<Void>> barriers = new ArrayList<>();
    synchronized (this) {
      if (!open) {
        return;
      }
      for (ExecutorService worker : workers) {
        try {
          barriers.add(CompletableFuture.runAsync(() -> { }, worker));
        } catch (RejectedExecutionException e) {
          // closing
        }
      }
    }
    for (CompletableFuture<Void> barrier : barriers) {
      barrier.join();
    }
  }

  /** Stops taking work, lets queued work finish (up to {@code waitMillis}), then interrupts. */
  void close(long waitMillis) throws InterruptedException {
    List<ExecutorService> stopping;
    synchronized (this) {
      open = false;
      stopping = new ArrayList<>(workers);
      workers.clear();
    }
    for (ExecutorService worker : stopping) {
      worker.shutdown();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    for (ExecutorService worker : stopping) {
      long left = deadline - System.nanoTime();
      if (!worker.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        worker.shutdownNow();
      }
    }
  }
}
