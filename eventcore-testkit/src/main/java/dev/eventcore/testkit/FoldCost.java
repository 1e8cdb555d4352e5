package dev.eventcore.testkit;

import dev.eventcore.command.Decider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * Flags a fold whose cost grows with the state: an {@code evolve} that copies a growing map or
 * list per event makes every command on a long stream slower than the last, even with a state
 * cache, because each new event still costs as much as the state is large.
 *
 * <pre>{@code
 * FoldCost.of(Inventory.DECIDER)
 *     .assertConstantPerEvent(i -> new StockReserved("sku-1", "order-" + i, 1));
 * }</pre>
 *
 * <p>It folds the events the function makes for indexes {@code 0, 1, 2, ...} (each index once)
 * into a state of {@value #DEFAULT_SMALL} events, then measures the bytes the current thread
 * allocates to evolve that state by each of {@value #DEFAULT_SAMPLE} further events (after a
 * warm-up); then it doubles the state, measuring the same way at each size, up to {@value
 * #DEFAULT_LARGE} events. The check fails as soon as a size's bytes per event exceed {@value
 * #FACTOR} times the small state's plus {@value #SLACK_BYTES} bytes. Allocation is the measure
 * because it is deterministic enough to assert on where time is not; a fold that slows down
 * without allocating (a scan of the state) is not caught. It needs a JVM that measures allocation
 * per thread ({@code com.sun.management.ThreadMXBean}, as HotSpot does); elsewhere the check
 * fails and says so.
 *
 * <p>Not thread-safe; a check runs on the calling thread.
 *
 * @param <S> the state type
 * @param <E> the event type
 *
 * @since 0.1.0
 */
public final class FoldCost<S, E> {
  /** Events folded before the small measurement. */
  public static final int DEFAULT_SMALL = 100;

  /** Events folded before the large measurement. */
  public static final int DEFAULT_LARGE = 10_000;

  /** Events measured at each size. */
  public static final int DEFAULT_SAMPLE = 2_000;

  /** How many times the small state's bytes per event the large state's may be. */
  public static final int FACTOR = 4;

  /** Bytes per event the large state may allocate beyond {@link #FACTOR} times the small's. */
  public static final int SLACK_BYTES = 64;

  private final Decider<?, S, E> decider;
  private final int small;
  private final int large;
  /** Where each measured state goes, so that the JIT cannot drop the work of computing it. */
  private @Nullable Object sink;

  private FoldCost(Decider<?, S, E> decider, int small, int large) {
    this.decider = decider;
    this.small = small;
    this.large = large;
  }

  /** A check of {@code decider}'s {@code evolve} at the default sizes. */
  public static <S, E> FoldCost<S, E> of(Decider<?, S, E> decider) {
    return new FoldCost<>(Objects.requireNonNull(decider, "decider"), DEFAULT_SMALL, DEFAULT_LARGE);
  }

  /**
   * A copy that measures after {@code small} and after {@code large} events.
   *
   * @throws IllegalArgumentException unless {@code 0 <= small} and {@code large >= 10 * small}
   *     and {@code large >= 1000}
   */
  public FoldCost<S, E> sizes(int small, int large) {
    if (small < 0 || large < 1_000 || large / 10 < small) {
      throw new IllegalArgumentException("sizes must be 0 <= small, large >= 1000 and large >= 10"
          + " * small, but were small " + small + " and large " + large);
    }
    return new FoldCost<>(decider, small, large);
  }

  /**
   * Asserts that folding one more event costs about as much in a large state as in a small one.
   *
   * @param events the event for each index, {@code 0, 1, 2, ...}: a history that grows the state
   *     the way production does (e.g. a reservation per order)
   * @throws AssertionFailedError if the cost grows with the state, or allocation cannot be
   *     measured on this JVM
   */
  public void assertConstantPerEvent(IntFunction<? extends E> events) {
    Objects.requireNonNull(events, "events");
    com.sun.management.ThreadMXBean threads = allocationMeter();
    S state = grow(decider.initialState(), events, 0, small);
    int next = small;
    for (int round = 0; round < 2; round++) { // warm-up: run compiled code when measuring
      next = measure(threads, state, events, next).next;
    }
    Sample first = measure(threads, state, events, next);
    next = first.next;
    double allowed = FACTOR * first.bytesPerEvent + SLACK_BYTES;
    // Double the state up to the large size, measuring at each, so that a growing fold fails early.
    int size = small;
    while (size < large) {
      int target = Math.min(large, Math.max(2 * size, 1_000));
      state = grow(state, events, next, next + target - size);
      next += target - size;
      size = target;
      Sample sample = measure(threads, state, events, next);
      next = sample.next;
      if (sample.bytesPerEvent > allowed) {
        throw new AssertionFailedError(String.format(
            "evolve's cost grows with the state: %.0f bytes allocated per event after %d events,"
                + " %.0f bytes per event after %d events (allowed: at most %d x the first + %d)."
                + " Keep the state in structures that share all but what an event changes (such"
                + " as a persistent map) instead of copying it whole",
            first.bytesPerEvent, small, sample.bytesPerEvent, size, FACTOR, SLACK_BYTES));
      }
    }
  }

  /** Bytes per event of one measurement, and the next unused event index. */
  private record Sample(double bytesPerEvent, int next) {}

  /** Evolves {@code state} by each of {@value #DEFAULT_SAMPLE} new events, one at a time. */
  private Sample measure(com.sun.management.ThreadMXBean threads, S state,
      IntFunction<? extends E> events, int from) {
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = from; i < from + DEFAULT_SAMPLE; i++) {
      sink = Objects.requireNonNull(decider.evolve(state, events.apply(i)), "evolve returned null");
    }
    long bytes = threads.getCurrentThreadAllocatedBytes() - before;
    sink = null;
    return new Sample(bytes / (double) DEFAULT_SAMPLE, from + DEFAULT_SAMPLE);
  }

  private S grow(S start, IntFunction<? extends E> events, int from, int to) {
    S state = start;
    for (int i = from; i < to; i++) {
      state = Objects.requireNonNull(
          decider.evolve(state, events.apply(i)), "evolve returned null");
    }
    return state;
  }

  private static com.sun.management.ThreadMXBean allocationMeter() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()) {
      throw new AssertionFailedError("FoldCost cannot check: this JVM (" + System.getProperty(
          "java.vm.name") + ") does not measure the memory a thread allocates");
    }
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    return threads;
  }
}
