package dev.eventcore.benchmarks.workloads;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.benchmarks.harness.Latency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * W9's record of one run: when each append was acknowledged to its writer and when each event was
 * delivered to the subscriber, both in wall-clock microseconds so that two JVMs on one machine
 * compare. Deliveries come from one subscription thread (or one parsed stream) in order; acks from
 * many writer threads.
 */
final class LagLog {
  private final Map<Long, Long> acked = new ConcurrentHashMap<>();
  private final AtomicLong lastAcked = new AtomicLong();
  private final List<long[]> delivered = new ArrayList<>(); // guarded by this
  private volatile int deliveredCount;
  private volatile long lastDelivered;

  /** Now, in microseconds since the epoch (microsecond resolution on Linux). */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  void acked(GlobalPosition position, long micros) {
    acked.put(position.value(), micros);
    lastAcked.accumulateAndGet(position.value(), Math::max);
  }

  synchronized void delivered(long position, long micros) {
    delivered.add(new long[] {position, micros});
    deliveredCount = delivered.size();
    lastDelivered = Math.max(lastDelivered, position);
  }

  /** A delivery line as the child subscriber prints it: {@code "position micros"}. */
  static String line(long position, long micros) {
    return position + " " + micros;
  }

  /** Records a line printed by {@link #line}. */
  void deliveredLine(String line) {
    int space = line.indexOf(' ');
    delivered(Long.parseLong(line.substring(0, space)), Long.parseLong(line.substring(space + 1)));
  }

  /**
   * Whether the subscriber got at least as far as {@code position} (deliveries come in order;
   * {@link #verify} checks that nothing was skipped on the way).
   */
  boolean reached(long position) {
    return lastDelivered >= position;
  }

  /** The highest position acknowledged to a writer so far, 0 if none. */
  long lastAcked() {
    return lastAcked.get();
  }

  int deliveredCount() {
    return deliveredCount;
  }

  /**
   * The lag of each event acknowledged at or after {@code fromMicros}, from its ack to its
   * delivery, in nanoseconds (0 when the delivery beat the ack back to the writer).
   */
  synchronized Histogram lags(long fromMicros) {
    Histogram lags = Latency.newHistogram();
    for (long[] d : delivered) {
      Long ack = acked.get(d[0]);
      if (ack != null && ack >= fromMicros) {
        lags.recordValue(Math.max(0, d[1] - ack) * 1_000);
      }
    }
    return lags;
  }

  /**
   * Compares the deliveries with the store's log after {@code after}: how many logged events were
   * not delivered (skips), and how many deliveries were extra or out of order.
   *
   * @return {skips, extra}
   */
  synchronized long[] verify(EventStore store, GlobalPosition after) {
    List<Long> log = new ArrayList<>();
    GlobalPosition position = after;
    for (List<RecordedEvent<?>> page = store.readAll(position, 10_000); !page.isEmpty();
        page = store.readAll(position, 10_000)) {
      page.forEach(e -> log.add(e.position().value()));
      position = page.get(page.size() - 1).position();
    }
    Set<Long> logged = new HashSet<>(log);
    Set<Long> seen = new HashSet<>();
    long extra = 0;
    long previous = after.value();
    for (long[] d : delivered) {
      if (d[0] <= previous || !logged.contains(d[0])) {
        extra++; // a duplicate, an event out of order, or one that is not in the log
      } else {
        seen.add(d[0]);
      }
      previous = Math.max(previous, d[0]);
    }
    return new long[] {log.size() - seen.size(), extra};
  }
}
