package dev.eventcore.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A rebuild in progress: how many matching events there were when it began, and the processed
 * count then.
 */
record RebuildTracker(long total, long processedAtStart, Instant startedAt) {

  /** The progress when {@code processed} events were processed in all, at {@code now}. */
  RebuildProgress progress(String name, long processed, Instant now, boolean finished) {
    long done = Math.max(0, processed - processedAtStart);
    double seconds = Duration.between(startedAt, now).toMillis() / 1000.0;
    double rate = seconds <= 0 ? 0.0 : done / seconds;
    Optional<Duration> eta;
    if (finished || done >= total) {
      eta = Optional.of(Duration.ZERO);
    } else if (rate > 0) {
      eta = Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000)));
    } else {
      eta = Optional.empty();
    }
    return new RebuildProgress(name, done, total, rate, eta, finished);
  }
}
