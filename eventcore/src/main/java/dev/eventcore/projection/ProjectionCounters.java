package dev.eventcore.projection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many events one {@link ProjectionWorker} has handled and dead-lettered, and the rate it
 * processes them at. Counted lock-free by the handler thread; sampled by the supervisor.
 */
final class ProjectionCounters {
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  final RateMeter rate = new RateMeter();

  void handledOne() {
    handled.incrementAndGet();
  }

  void deadLetteredOne() {
    deadLettered.incrementAndGet();
  }

  long handled() {
    return handled.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  /** Handled plus dead-lettered events. */
  long processed() {
    return handled.get() + deadLettered.get();
  }
}
