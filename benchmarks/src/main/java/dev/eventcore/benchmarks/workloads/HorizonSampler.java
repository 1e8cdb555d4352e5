package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.postgres.HorizonStatus;
import dev.eventcore.postgres.PostgresEventStore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples a PostgreSQL store's {@link HorizonStatus} every {@value #EVERY_MILLIS} ms while W9
 * runs: how long committed events waited behind the cluster-wide transaction-id horizon, and who
 * held it at the worst moment. On a shared cluster another session's open transaction delays every
 * subscriber; this tells that apart from the library's own lag. Does nothing for other stores.
 */
final class HorizonSampler implements AutoCloseable {
  private static final long EVERY_MILLIS = 50;

  private final AtomicLong maxLagMillis = new AtomicLong();
  private final AtomicReference<String> worstBlocker = new AtomicReference<>("none");
  private final Thread thread;
  private volatile boolean closed;

  HorizonSampler(EventStore store) {
    this.thread = new Thread(() -> sample(store), "w9-horizon");
    this.thread.setDaemon(true);
    if (store instanceof PostgresEventStore) {
      thread.start();
    }
  }

  private void sample(EventStore store) {
    PostgresEventStore postgres = (PostgresEventStore) store;
    while (!closed) {
      try {
        HorizonStatus status = postgres.horizonStatus();
        long lag = status.lag().toMillis();
        if (lag > maxLagMillis.get()) {
          maxLagMillis.set(lag);
          worstBlocker.set(status.blocker().map(b -> "pid " + b.pid() + " '"
              + b.applicationName() + "' in " + b.database() + " (" + b.state() + ")")
              .orElse("none"));
        }
        Thread.sleep(EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        worstBlocker.set("sampling failed: " + e);
      }
    }
  }

  /** The longest a committed event was seen waiting behind the horizon, in ms. */
  long maxLagMillis() {
    return maxLagMillis.get();
  }

  /** Who held the horizon at the worst sample. */
  String worstBlocker() {
    return worstBlocker.get();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      if (thread.isAlive()) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
