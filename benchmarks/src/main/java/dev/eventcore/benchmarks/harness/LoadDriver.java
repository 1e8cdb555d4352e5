package dev.eventcore.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link LoadPlan} with one platform thread per worker and returns its {@link Sample}.
 *
 * <p>Every operation's latency runs from its intended start: in closed loop the moment the thread
 * was free to start it, in fixed-rate mode its slot in the schedule, so a stall is charged to every
 * operation it delayed. Only operations that start inside the measured window count toward rate and
 * latency; per-operation counters (round trips, allocation) cover the whole run including warm-up,
 * where every operation has completed, so they are exact.
 */
public final class LoadDriver {
  private static final AtomicLong RUNS = new AtomicLong();

  private LoadDriver() {}

  /**
   * Runs {@code plan}.
   *
   * @param roundTrips the JDBC round-trip counter, read before and after; returns -1 when none
   * @throws BenchmarkException if a worker failed to open or an operation threw
   */
  public static Sample run(LoadPlan plan, WorkerFactory factory, LongSupplier roundTrips) {
    long run = RUNS.incrementAndGet();
    Counters counters = new Counters();
    CountDownLatch ready = new CountDownLatch(plan.threads());
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(plan.threads());
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Clock clock = new Clock();
    List<Lane> lanes = new ArrayList<>();
    for (int t = 0; t < plan.threads(); t++) {
      Lane lane = new Lane(plan, new WorkerContext(t, run, counters), factory, clock, failure);
      lane.thread = new Thread(() -> lane.run(ready, go, finished, release), "bench-" + run + "-" + t);
      lane.thread.setDaemon(true);
      lanes.add(lane);
      lane.thread.start();
    }
    await(ready);
    long roundTripsBefore = roundTrips.getAsLong();
    Allocation allocationBefore = Allocation.snapshot();
    long start = System.nanoTime() + 1_000_000;
    clock.start = start;
    clock.measureStart = start + plan.warmup().toNanos();
    clock.end = clock.measureStart + plan.measure().toNanos();
    go.countDown();
    await(finished);
    long allocated = Allocation.snapshot().since(allocationBefore);
    long roundTripsAfter = roundTrips.getAsLong();
    release.countDown();
    for (Lane lane : lanes) {
      join(lane.thread);
    }
    if (failure.get() != null) {
      throw new BenchmarkException("run failed: " + failure.get(), failure.get());
    }
    Histogram latency = Latency.newHistogram();
    long ops = 0;
    long events = 0;
    long totalOps = 0;
    long totalEvents = 0;
    long lastEnd = clock.end;
    for (Lane lane : lanes) {
      latency.add(lane.histogram);
      ops += lane.operations;
      events += lane.events;
      totalOps += lane.totalOperations;
      totalEvents += lane.totalEvents;
      lastEnd = Math.max(lastEnd, lane.lastEnd);
    }
    long rt = roundTripsBefore < 0 ? -1 : roundTripsAfter - roundTripsBefore;
    return new Sample(ops, events, lastEnd - clock.measureStart, latency, totalOps, totalEvents,
        allocated, rt, counters.snapshot());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted", e);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchmarkException("interrupted", e);
    }
  }

  /** The run's time line, published to the lanes by the {@code go} latch. */
  private static final class Clock {
    long start;
    long measureStart;
    long end;
  }

  /** One worker thread and what it measured; read by the driver after the thread finished. */
  private static final class Lane {
    final LoadPlan plan;
    final WorkerContext context;
    final WorkerFactory factory;
    final Clock clock;
    final AtomicReference<Throwable> failure;
    final Histogram histogram = Latency.newHistogram();
    Thread thread;
    long operations;
    long events;
    long totalOperations;
    long totalEvents;
    long lastEnd;

    Lane(LoadPlan plan, WorkerContext context, WorkerFactory factory, Clock clock,
        AtomicReference<Throwable> failure) {
      this.plan = plan;
      this.context = context;
      this.factory = factory;
      this.clock = clock;
      this.failure = failure;
    }

    void run(CountDownLatch ready, CountDownLatch go, CountDownLatch finished, CountDownLatch release) {
      Worker worker = null;
      try {
        worker = factory.open(context);
      } catch (Exception | Error e) {
        failure.compareAndSet(null, e);
      }
      ready.countDown();
      try {
        go.await();
        if (worker != null && failure.get() == null) {
          loop(worker);
        }
      } catch (Exception | Error e) {
        failure.compareAndSet(null, e);
      } finally {
        finished.countDown();
      }
      try {
        release.await();
        if (worker != null) {
          worker.close();
        }
      } catch (Exception e) {
        failure.compareAndSet(null, e);
      }
    }

    private void loop(Worker worker) throws Exception {
      long interval = plan.fixedRate() ? (long) (plan.threads() * 1e9 / plan.ratePerSecond()) : 0;
      long intended = clock.start + (plan.fixedRate() ? interval * context.thread() / plan.threads() : 0);
      waitUntil(clock.start);
      for (long seq = 0; failure.get() == null; seq++) {
        if (plan.fixedRate()) {
          if (seq > 0) {
            intended += interval;
          }
          waitUntil(intended);
        } else {
          // closed loop: the thread was free to start its first operation at the start
          intended = seq == 0 ? clock.start : System.nanoTime();
        }
        if (intended >= clock.end) {
          return;
        }
        long count = worker.step(seq);
        long done = System.nanoTime();
        totalOperations++;
        totalEvents += count;
        if (intended >= clock.measureStart) {
          histogram.recordValue(Math.max(0, done - intended));
          operations++;
          events += count;
          lastEnd = done;
        }
      }
    }

    private static void waitUntil(long deadline) {
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        if (left > 20_000) {
          LockSupport.parkNanos(left - 10_000);
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }
}
