package dev.eventcore.benchmarks.workloads;

import dev.eventcore.benchmarks.harness.Latency;
import dev.eventcore.examples.readmodel.CurrentOrders;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Samples the read-model lag of W13 while the pipeline runs: from the moment a {@code PlaceOrder}
 * command returns (its append committed) until the current-orders read model finds the order.
 * One thread takes the latest placed order, polls {@link CurrentOrders#find} every {@value
 * #POLL_MICROS} µs (a query per poll on PostgreSQL) until it is there, records the time, and takes
 * the next latest order: the sample is every k-th order, as fast as the read model answers.
 */
final class LagSampler implements AutoCloseable {
  private static final long POLL_MICROS = 100;

  private record Placed(String orderId, long nanoTime) {}

  private final CurrentOrders orders;
  private final AtomicReference<Placed> latest = new AtomicReference<>();
  private final Histogram lags = Latency.newHistogram();
  private final Thread thread;
  private volatile boolean running = true;

  LagSampler(CurrentOrders orders) {
    this.orders = orders;
    this.thread = new Thread(this::sample, "w13-lag-sampler");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Order {@code orderId}'s command returned at {@code nanoTime}. */
  void placed(String orderId, long nanoTime) {
    latest.set(new Placed(orderId, nanoTime));
  }

  private void sample() {
    Placed last = null;
    while (running) {
      Placed next = latest.get();
      if (next == null || next == last) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
        continue;
      }
      while (running && orders.find(next.orderId()).isEmpty()) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
      }
      if (running) {
        long lag = System.nanoTime() - next.nanoTime();
        synchronized (lags) {
          lags.recordValue(Math.min(lag, lags.getHighestTrackableValue()));
        }
      }
      last = next;
    }
  }

  /** The lags sampled so far, in nanoseconds. */
  Histogram lags() {
    synchronized (lags) {
      return lags.copy();
    }
  }

  /** Stops sampling (an order still being polled is not recorded); idempotent. */
  void stop() {
    running = false;
    Threads.join(thread);
  }

  @Override
  public void close() {
    stop();
  }
}
