package dev.eventcore.saga;

import java.util.concurrent.atomic.AtomicLong;

/** The runner's counters; thread-safe. */
final class SagaCounters {
  final AtomicLong steps = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong dispatched = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong fired = new AtomicLong();
  /** Commands dispatched and timeouts fired off the caller's thread, not yet reported by a tick. */
  final AtomicLong background = new AtomicLong();

  SagaStats stats() {
    return new SagaStats(steps.get(), duplicates.get(), dispatched.get(), rejected.get(),
        failures.get(), fired.get());
  }
}
