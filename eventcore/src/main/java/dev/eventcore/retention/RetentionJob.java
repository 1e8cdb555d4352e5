package dev.eventcore.retention;

import dev.eventcore.EventStore;
import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.internal.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link RetentionRule}s: each pass lists the streams of every rule's category and
 * truncates each one ({@link EventStore#truncateStream}) before the first event the rule keeps, or
 * for an {@link RetentionRule#archiving() archiving} rule moves the events before it to the archive
 * ({@link EventStore#archiveStream}). Safe on several instances at once: both take the stream's
 * lock and redoing what is done already does nothing, so two passes over one stream remove (or
 * move) its events once.
 *
 * <pre>{@code
 * RetentionJob retention = RetentionJob.builder(store)
 *     .rule(RetentionRule.maxAge("session", Duration.ofDays(30)))
 *     .rule(RetentionRule.maxCount("telemetry", 10_000))
 *     .interval(Duration.ofHours(1))
 *     .build();
 * retention.start();   // a pass now, then one per interval, on a daemon thread
 * ...
 * retention.close();
 * }</pre>
 *
 * <p>A category may have one removing and one archiving rule: archive orders after 90 days,
 * remove them after 7 years.
 *
 * <p>A pass reads what it needs: the stream listing, and for an age limit the stream's events up
 * to the first one young enough (a stream whose last event is too old keeps only that one).
 * Removed events leave the global log: a projection rebuilt later never sees them, so rules fit
 * categories whose read models need only recent events (or fold from snapshots). A failing pass
 * is logged and tried again at the next interval.
 *
 * @since 0.1.0
 */
public final class RetentionJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  private static final int PAGE = 1_000;

  private final EventStore store;
  private final List<RetentionRule> rules;
  private final Duration interval;
  private final Clock clock;
  private final Optional<ThreadFactory> threadFactory;
  private @Nullable Thread thread;
  private volatile boolean closed;

  private RetentionJob(Builder b) {
    this.store = b.store;
    this.rules = List.copyOf(b.rules.values());
    this.interval = b.interval;
    this.clock = b.clock;
    this.threadFactory = b.threadFactory;
  }

  /** A builder for a job over {@code store}; at least one rule is required. */
  public static Builder builder(EventStore store) {
    return new Builder(store);
  }

  /** The rules, one per category. */
  public List<RetentionRule> rules() {
    return rules;
  }

  /**
   * Runs one pass now, on the caller's thread.
   *
   * @throws dev.eventcore.EventStoreException if the store fails; streams truncated before the
   *     failure stay truncated, and the next pass goes on from the start
   */
  public RetentionRun runOnce() {
    Tally tally = new Tally();
    Instant now = clock.instant();
    for (RetentionRule rule : rules) {
      StreamQuery query = StreamQuery.inCategory(rule.category()).withLimit(PAGE);
      while (true) {
        List<StreamInfo> page = store.streams(query);
        for (StreamInfo stream : page) {
          tally.examined(rule, apply(rule, stream, now));
        }
        if (page.size() < PAGE) {
          break;
        }
        query = query.startingAfter(page.get(page.size() - 1).stream());
      }
    }
    return tally.run();
  }

  /** What a pass did so far. */
  private static final class Tally {
    private long examined;
    private long truncated;
    private long removed;
    private long archivedStreams;
    private long archivedEvents;

    /** A stream was examined under {@code rule}, which removed or moved {@code events} of it. */
    void examined(RetentionRule rule, long events) {
      examined++;
      if (events > 0 && rule.archive()) {
        archivedStreams++;
        archivedEvents += events;
      } else if (events > 0) {
        truncated++;
        removed += events;
      }
    }

    RetentionRun run() {
      return new RetentionRun(examined, truncated, removed, archivedStreams, archivedEvents);
    }
  }

  /** Truncates or archives {@code stream} as {@code rule} says; the events removed or moved. */
  private long apply(RetentionRule rule, StreamInfo stream, Instant now) {
    long version = stream.version().value();
    long keepFrom = 1;
    if (rule.maxCount().isPresent()) {
      keepFrom = Math.max(keepFrom, version - rule.maxCount().getAsLong() + 1);
    }
    if (rule.maxAge().isPresent()) {
      Instant cutoff = now.minus(rule.maxAge().get());
      keepFrom = Math.max(keepFrom, stream.lastRecordedAt().isBefore(cutoff)
          ? version : firstRecordedSince(stream.stream(), cutoff, version));
    }
    keepFrom = Math.min(keepFrom, version);
    if (keepFrom < 2) {
      return 0;
    }
    if (rule.archive()) {
      return store.archiveStream(stream.stream(), Version.of(keepFrom));
    }
    try {
      return store.truncateStream(stream.stream(), Version.of(keepFrom));
    } catch (StreamDeletedException e) {
      return 0; // deleted since it was listed (or a deleted stream's tombstone): nothing to keep
    }
  }

  /** The version of the first event of {@code stream} recorded at or after {@code cutoff}. */
  private long firstRecordedSince(StreamId stream, Instant cutoff, long version) {
    long from = 1;
    while (true) {
      List<RecordedEvent<?>> page =
          store.readStream(stream, Version.of(from), PAGE, OnUndecodable.DELIVER_RAW);
      for (RecordedEvent<?> event : page) {
        if (!event.recordedAt().isBefore(cutoff)) {
          return event.version().value();
        }
      }
      if (page.size() < PAGE) {
        return version;
      }
      from = page.get(page.size() - 1).version().value() + 1;
    }
  }

  /**
   * Starts the background passes: one now, then one per interval, until {@link #close()}.
   *
   * @throws IllegalStateException if started already or closed
   */
  public synchronized void start() {
    if (closed || thread != null) {
      throw new IllegalStateException(closed ? "the retention job is closed" : "started already");
    }
    thread = Threads.newThread(threadFactory, "eventcore-retention", this::loop);
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        RetentionRun run = runOnce();
        if (run.eventsRemoved() > 0 || run.eventsArchived() > 0) {
          LOG.info("retention removed {} events from {} streams and archived {} of {} ({}"
              + " examined)", run.eventsRemoved(), run.streamsTruncated(), run.eventsArchived(),
              run.streamsArchived(), run.streamsExamined());
        }
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("retention pass failed; trying again in {}", interval, e);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(interval.toNanos());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the background passes (the pass under way is interrupted). Idempotent. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = thread;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Configures a {@link RetentionJob}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    /** Keyed by category and whether the rule archives. */
    private final Map<String, RetentionRule> rules = new LinkedHashMap<>();
    private Duration interval = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private Optional<ThreadFactory> threadFactory = Optional.empty();

    private Builder(EventStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Adds a rule.
     *
     * @throws IllegalArgumentException if a rule for the same category that removes (or, for an
     *     archiving rule, archives) was added already
     */
    public Builder rule(RetentionRule rule) {
      Objects.requireNonNull(rule, "rule");
      String kind = rule.archive() ? "an archiving" : "a removing";
      if (rules.putIfAbsent(rule.category() + (rule.archive() ? "/archive" : "/remove"), rule)
          != null) {
        throw new IllegalArgumentException("category '" + rule.category() + "' has " + kind
            + " rule already; combine the limits in one rule (andMaxAge, andMaxCount)");
      }
      return this;
    }

    /** How long the background thread waits after a pass before the next (default 1 hour; 1 s to 1 day). */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0
          || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("interval must be 1 s to 1 day but was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** The clock ages are measured with (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Makes the background thread (default: a daemon thread named eventcore-retention). */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /**
     * The job, not started.
     *
     * @throws IllegalStateException if no rule was added
     */
    public RetentionJob build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("a retention job needs at least one rule: call rule(...)");
      }
      return new RetentionJob(this);
    }
  }
}
