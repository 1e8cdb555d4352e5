package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventFilter;
import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import dev.eventcore.subscription.EventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/**
 * What the subscription tests share: a list of events standing for a store's log, read by the
 * subscriptions (their own reads) and by one log tailer polling hourly (so only a wake-up moves it),
 * a handler that writes down what it is told, and the subscriptions closed after each test.
 */
abstract class CatchUpFixture {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final long HOUR = TimeUnit.HOURS.toNanos(1);

  /** The log in a list, read by the subscription (its own reads) and by the tailer. */
  static final class ListLog implements SubscriptionReads {
    private final List<RecordedEvent<?>> events = new ArrayList<>();
    /** Failures the next own reads throw, one each. */
    final Queue<RuntimeException> ownReadFailures = new ConcurrentLinkedQueue<>();
    final AtomicInteger ownReads = new AtomicInteger();
    volatile boolean pending;
    /** Counted down each time the subscription (not the tailer) asks if commits are pending. */
    volatile CountDownLatch pendingAsked = new CountDownLatch(0);

    /** The subscription's filter: its own reads and its view of the tailer's batches apply it. */
    volatile EventFilter filter = EventFilter.all();

    synchronized RecordedEvent<?> append(long position, Metadata metadata) {
      return append(position, "Noted", metadata);
    }

    synchronized RecordedEvent<?> append(long position, String type, Metadata metadata) {
      long version = events.size() + 1;
      RecordedEvent<?> event = new RecordedEvent<>(GlobalPosition.of(position), StreamId.of("s-1"),
          Version.of(version), EventId.random(), type, "e" + position, metadata, Instant.EPOCH);
      events.add(event);
      return event;
    }

    /** Appends events of {@code type} at the next {@code count} positions. */
    synchronized void append(String type, int count) {
      for (int i = 0; i < count; i++) {
        append(last() + 1, type, Metadata.empty());
      }
    }

    /** Appends events at the next {@code count} positions. */
    synchronized void append(int count) {
      for (int i = 0; i < count; i++) {
        append(last() + 1, Metadata.empty());
      }
    }

    synchronized long last() {
      return events.isEmpty() ? 0 : events.get(events.size() - 1).position().value();
    }

    synchronized List<RecordedEvent<?>> after(GlobalPosition after, int maxCount) {
      return events.stream().filter(e -> e.position().isAfter(after)).limit(maxCount).toList();
    }

    /** Counted down by each own read once it took its events; then it waits at the gate. */
    volatile CountDownLatch readTaken = new CountDownLatch(0);
    volatile CountDownLatch readGate = new CountDownLatch(0);

    @Override
    public LogPage read(GlobalPosition after, int maxCount) {
      ownReads.incrementAndGet();
      RuntimeException failure = ownReadFailures.poll();
      if (failure != null) {
        throw failure;
      }
      List<RecordedEvent<?>> read = after(after, maxCount);
      readTaken.countDown();
      try {
        readGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return LogPage.filter(read, after, filter);
    }

    @Override
    public LogPage view(TailBatch batch) {
      return LogPage.filter(batch.events(), batch.after(), filter);
    }

    /** The tailer's reads of the same log. */
    final LogTailer.Source tailerSource = new LogTailer.Source() {
      @Override
      public List<RecordedEvent<?>> readStored(GlobalPosition after, int maxCount) {
        return after(after, maxCount);
      }

      @Override
      public boolean ownCommitsPendingAfter(GlobalPosition position) {
        return pending;
      }

      @Override
      public Thread newThread(Runnable task, String name) {
        return ListLog.this.newThread(task, name);
      }
    };

    @Override
    public boolean ownCommitsPendingAfter(GlobalPosition position) {
      boolean answer = pending;
      pendingAsked.countDown(); // after reading the answer: the test may change it now
      return answer;
    }

    @Override
    public Thread newThread(Runnable task, String name) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }
  }

  /** Writes down what it is told: "e" and the position per event, "caughtUp" when caught up. */
  static class Recorder implements EventHandler {
    final List<String> calls = new ArrayList<>();
    volatile Predicate<RecordedEvent<?>> failOn = e -> false;
    volatile boolean failOnCaughtUp;
    volatile CountDownLatch caughtUp = new CountDownLatch(1);

    @Override
    public void handle(RecordedEvent<?> event) {
      synchronized (this) {
        calls.add("e" + event.position().value());
      }
      if (failOn.test(event)) {
        throw new IllegalStateException("handler failed on " + event.position());
      }
    }

    @Override
    public void caughtUp() {
      synchronized (this) {
        calls.add("caughtUp");
      }
      caughtUp.countDown();
      if (failOnCaughtUp) {
        throw new IllegalStateException("caughtUp failed");
      }
    }

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }

    void awaitCaughtUp() throws InterruptedException {
      assertTrue(caughtUp.await(WAIT.toSeconds(), TimeUnit.SECONDS), "not caught up: " + calls());
    }
  }

  static List<String> events(long from, long to) {
    List<String> names = new ArrayList<>();
    for (long p = from; p <= to; p++) {
      names.add("e" + p);
    }
    return names;
  }

  final ListLog log = new ListLog();
  final WakeUpSignal wakeUps = new WakeUpSignal();
  final LogTailer tailer = new LogTailer("t", log.tailerSource, wakeUps, 10, HOUR);
  final Recorder handler = new Recorder();
  final List<CatchUpSubscription> stopped = new ArrayList<>();
  final List<CatchUpSubscription> started = new ArrayList<>();

  CatchUpSubscription subscribe(GlobalPosition after, Observer observer) {
    CatchUpSubscription subscription = new CatchUpSubscription("sub", EventFilter.all(), log,
        tailer, wakeUps, after, handler, 10, 1_000, s -> {
          synchronized (stopped) {
            stopped.add(s);
          }
        }, observer);
    started.add(subscription);
    subscription.start();
    return subscription;
  }

  CatchUpSubscription subscribe() {
    return subscribe(GlobalPosition.START, Observer.NONE);
  }

  @AfterEach
  void closeAll() {
    started.forEach(CatchUpSubscription::close);
    tailer.close();
  }
}
