package dev.eventcore.postgres;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.EventStoreException;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer thread appending two events at a time to its own stream, with the exact expected
 * version, until stopped. A retryable failure is retried with the same event ids (safe also when
 * the outcome is unknown); anything else, or retrying for longer than a minute, ends the thread and
 * is kept in {@link #died}.
 */
final class RetryingWriter extends Thread {
  private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(1);

  final StreamId stream;
  /** The ids of every acknowledged event, in order; read it after {@link #join}. */
  final List<UUID> acknowledged = new ArrayList<>();
  final AtomicInteger appends = new AtomicInteger();
  final AtomicInteger retryableFailures = new AtomicInteger();
  final AtomicInteger unknownOutcomes = new AtomicInteger();
  volatile Throwable died;

  private final EventStore store;
  private final AtomicBoolean stop;

  RetryingWriter(EventStore store, StreamId stream, AtomicBoolean stop) {
    super("writer-" + stream.value());
    this.store = store;
    this.stream = stream;
    this.stop = stop;
  }

  @Override
  public void run() {
    try {
      long version = 0;
      while (!stop.get()) {
        List<EventData<TestEvent>> events = List.of(
            new EventData<>(EventId.random(), new TestEvent.Numbered(version), Metadata.empty()),
            new EventData<>(
                EventId.random(), new TestEvent.Numbered(version + 1), Metadata.empty()));
        AppendResult result = appendRetrying(ExpectedVersion.exactly(Version.of(version)), events);
        if (result.nextExpectedVersion().value() != version + 2) {
          throw new AssertionError(stream + " at version " + version + " acknowledged "
              + result.nextExpectedVersion());
        }
        version += 2;
        events.forEach(event -> acknowledged.add(event.id().value()));
        appends.incrementAndGet();
      }
    } catch (Throwable t) {
      died = t;
    }
  }

  private AppendResult appendRetrying(ExpectedVersion expected, List<EventData<TestEvent>> events)
      throws InterruptedException {
    long giveUp = System.nanoTime() + GIVE_UP_NANOS;
    while (true) {
      try {
        return store.append(stream, expected, events);
      } catch (EventStoreException e) {
        if (!e.isRetryable() || System.nanoTime() > giveUp) {
          throw e;
        }
        retryableFailures.incrementAndGet();
        if (e instanceof TransientStoreException t && t.outcomeUnknown()) {
          unknownOutcomes.incrementAndGet();
        }
        Thread.sleep(10);
      }
    }
  }
}
