package dev.eventcore.projection;

import java.time.Instant;
import java.util.ArrayDeque;

/** The recent rate of a counter, from samples over a sliding window of about five seconds. */
final class RateMeter {
  private static final long WINDOW_MILLIS = 5_000;

  private final ArrayDeque<long[]> samples = new ArrayDeque<>();

  /** Records that the counter was {@code count} at {@code now}. */
  synchronized void sample(Instant now, long count) {
    long millis = now.toEpochMilli();
    samples.addLast(new long[] {millis, count});
    while (samples.size() > 2 && millis - samples.peekFirst()[0] > WINDOW_MILLIS) {
      samples.removeFirst();
    }
  }

  /** Counts per second over the window; 0 with fewer than two samples. */
  synchronized double perSecond() {
    if (samples.size() < 2) {
      return 0.0;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long millis = last[0] - first[0];
    return millis <= 0 ? 0.0 : (last[1] - first[1]) * 1000.0 / millis;
  }

  /** Forgets every sample. */
  synchronized void reset() {
    samples.clear();
  }
}
