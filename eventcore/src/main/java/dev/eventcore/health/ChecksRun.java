package dev.eventcore.health;

import dev.eventcore.internal.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs named checks in parallel, each on a pooled thread (from the host's factory, else a daemon),
 * and waits for them at most the timeout: a check that has not answered by then is DOWN. A check still running from an earlier
 * call is waited for again rather than started twice, so a hanging database holds one thread per
 * component, not one per call. Thread-safe.
 */
final class ChecksRun {
  private final List<Slot> slots;
  private final Duration timeout;
  private final ExecutorService executor;

  ChecksRun(List<StoreHealth.Check> checks, Duration timeout, Optional<ThreadFactory> threads) {
    this.slots = checks.stream().map(Slot::new).toList();
    this.timeout = timeout;
    this.executor = Executors.newCachedThreadPool(Threads.factory(threads, "eventcore-health"));
  }

  /** Every check's health, in order, within about the timeout. */
  List<Health> run(Instant now) {
    List<Running> running = new ArrayList<>();
    for (Slot slot : slots) {
      running.add(slot.start(now));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Health> results = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      String component = slots.get(i).check.component();
      Running run = running.get(i);
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        results.add(run.future.get(left, TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.startNanos);
        results.add(Health.down(component, now, "no answer within " + timeout.toMillis()
            + " ms (running for " + millis + " ms)"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(Health.down(component, now, "interrupted while waiting for the check"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        results.add(Health.down(component, now, reason(cause != null ? cause : e)));
      }
    }
    return results;
  }

  /**
   * What {@code check} reports, renamed to {@code component} if needed; DOWN with the reason if it
   * throws or returns null.
   */
  static Health guarded(String component, Instant now, Callable<Health> check) {
    try {
      Health health = check.call();
      if (health == null) {
        return Health.down(component, now, "the check returned null");
      }
      return health.component().equals(component) ? health : health.named(component);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down(component, now, reason(e));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      return Health.down(component, now, reason(e));
    }
  }

  /** The exception and, if different, its root cause. */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + "; caused by " + root;
  }

  private record Running(CompletableFuture<Health> future, long startNanos) {}

  /** One check and its run in flight, if any. */
  private final class Slot {
    final StoreHealth.Check check;
    final AtomicReference<Running> current = new AtomicReference<>();

    Slot(StoreHealth.Check check) {
      this.check = check;
    }

    Running start(Instant now) {
      Running previous = current.get();
      if (previous != null && !previous.future.isDone()) {
        return previous; // still running from an earlier call: wait for it again
      }
      Running next = new Running(new CompletableFuture<>(), System.nanoTime());
      if (!current.compareAndSet(previous, next)) {
        Running winner = current.get(); // another call started it just now
        return winner != null ? winner : start(now);
      }
      try {
        executor.execute(() ->
            next.future.complete(guarded(check.component(), now, () -> check.check().check(now))));
      } catch (RejectedExecutionException e) {
        next.future.complete(Health.down(check.component(), now, reason(e)));
      }
      return next;
    }
  }
}
