package dev.eventcore.saga;

import dev.eventcore.observe.Observer;
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

  private final String saga;
  private final Observer observer;

  SagaCounters(String saga, Observer observer) {
    this.saga = saga;
    this.observer = observer;
  }

  /** Who hears this runner; {@link Observer#NONE} for nobody. */
  Observer observer() {
    return observer;
  }

  /** A step was recorded; {@code compensating}: it reacted to a refused command. */
  void step(boolean compensating) {
    steps.incrementAndGet();
    observer.sagaStep(saga);
    if (compensating) {
      observer.sagaCompensated(saga);
    }
  }

  /** {@code count} commands were carried out and accepted. */
  void dispatched(int count) {
    dispatched.addAndGet(count);
    for (int i = 0; i < count; i++) {
      observer.sagaDispatched(saga, false);
    }
  }

  /** A command was refused by its target. */
  void rejected() {
    rejected.incrementAndGet();
    observer.sagaDispatched(saga, true);
  }

  /** A timeout fired. */
  void fired() {
    fired.incrementAndGet();
    observer.sagaTimeoutFired(saga);
  }

  SagaStats stats() {
    return new SagaStats(steps.get(), duplicates.get(), dispatched.get(), rejected.get(),
        failures.get(), fired.get());
  }
}
