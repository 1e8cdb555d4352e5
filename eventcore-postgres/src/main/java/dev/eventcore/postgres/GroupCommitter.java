package dev.eventcore.postgres;

import dev.eventcore.TransientStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit by natural batching: callers queue their appends; one writer thread takes whatever
 * is queued (never waiting to fill a batch) and writes it with one call and one commit. Each
 * append is still checked on its own and gets its own result or exception. A batch that fails as a
 * whole for a non-transient reason is retried append by append, so one bad append fails alone.
 * Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
  /** The most appends in one batch. */
  static final int MAX_BATCH_APPENDS = 64;

  private static final class Pending {
    final AppendWriter.Encoded append;
    final CompletableFuture<AppendWriter.Outcome> done = new CompletableFuture<>();

    Pending(AppendWriter.Encoded append) {
      this.append = append;
    }
  }

  private final AppendWriter writer;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread[] threads;
  private volatile boolean closed;

  /**
   * @param writers how many batches may be in flight at once (each on its own connection); more
   *     than one lets a batch form while another waits for its commit's WAL flush
   */
  GroupCommitter(AppendWriter writer, String name, int writers) {
    this.writer = writer;
    this.threads = new Thread[writers];
    for (int i = 0; i < writers; i++) {
      threads[i] = new Thread(this::run, "eventcore-group-commit-" + name + "-" + i);
      threads[i].setDaemon(true);
    }
  }

  void start() {
    for (Thread thread : threads) {
      thread.start();
    }
  }

  /** Queues the append and waits for its outcome. */
  AppendWriter.Outcome submit(AppendWriter.Encoded append) {
    if (closed) {
      throw new IllegalStateException("the event store is closed");
    }
    Pending pending = new Pending(append);
    queue.add(pending);
    return pending.done.join();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    Pending carry = null;
    while (!closed || !queue.isEmpty() || carry != null) {
      Pending first = carry;
      carry = null;
      if (first == null) {
        try {
          first = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          continue;
        }
        if (first == null) {
          continue;
        }
      }
      batch.clear();
      batch.add(first);
      long events = first.append.append().eventCount();
      while (batch.size() < MAX_BATCH_APPENDS) {
        Pending next = queue.poll();
        if (next == null) {
          break;
        }
        if (events + next.append.append().eventCount() >= Positions.MAX_EVENTS_PER_TRANSACTION) {
          carry = next;
          break;
        }
        batch.add(next);
        events += next.append.append().eventCount();
      }
      write(batch);
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
        batch.get(i).done.complete(outcomes.get(i));
      }
    } catch (TransientStoreException e) {
      for (Pending pending : batch) {
        pending.done.complete(new AppendWriter.Outcome(null, e));
      }
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).done.complete(new AppendWriter.Outcome(null, e));
        return;
      }
      for (Pending pending : batch) {
        write(List.of(pending));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done.complete(new AppendWriter.Outcome(
          null, new IllegalStateException("the event store was closed before this append ran")));
    }
  }
}
