package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventcore.EventData;
import dev.eventcore.EventId;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of every event-store contract class: the {@link StoreFixture} an adapter supplies, and
 * the helpers the contracts share. Everything a test opens through {@link #openStore()}, {@link
 * #reopenStore(EventStore, EventTypes)} or {@link #track(Subscription)} is closed after it, even
 * when it fails.
 *
 * @since 0.1.0
 */
public abstract class StoreContract {
  private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

  /**
   * The adapter's stores. Asked whenever a test opens a store or reads a size, so it may return
   * the same fixture each time or a new one.
   */
  protected abstract StoreFixture fixture();

  private StoreFixture stores() {
    StoreFixture fixture = fixture();
    assertNotNull(fixture, "fixture() returned null");
    return fixture;
  }

  /** The sizes of the heavy tests: the fixture's {@link StoreFixture#scale()}. */
  protected final ContractScale scale() {
    ContractScale scale = stores().scale();
    assertNotNull(scale, "fixture().scale() returned null");
    return scale;
  }

  /** A new store for the {@linkplain ContractEvent#types() contract event types}. */
  protected final EventStore openStore() {
    return openStore(ContractEvent.types());
  }

  /** A new store for {@code types}, closed after the test. */
  protected final EventStore openStore(EventTypes types) {
    EventStore store = stores().newStore(types);
    assertNotNull(store, "fixture().newStore(types) returned null");
    opened.add(store);
    return store;
  }

  /**
   * A store over {@code store}'s storage with other {@code types} (a redeploy, see {@link
   * StoreFixture#reopen(EventStore, EventTypes)}), closed after the test.
   */
  protected final EventStore reopenStore(EventStore store, EventTypes types) {
    EventStore reopened = stores().reopen(store, types);
    assertNotNull(reopened, "fixture().reopen(store, types) returned null");
    opened.add(reopened);
    return reopened;
  }

  /** Closes {@code closeable} (a store, a subscription) after the test; returns it. */
  protected final <T extends AutoCloseable> T closeAfterTest(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  /** Closes {@code subscription} after the test; returns it. */
  protected final Subscription track(Subscription subscription) {
    assertNotNull(subscription, "subscribe(...) returned null");
    opened.add(subscription);
    return subscription;
  }

  @AfterEach
  protected final void closeWhatTheTestOpened() throws Exception {
    Exception first = null;
    List<AutoCloseable> toClose = new ArrayList<>(opened);
    opened.clear();
    Collections.reverse(toClose);
    for (AutoCloseable closeable : toClose) {
      try {
        closeable.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The longest single wait. */
  protected final Duration timeout() {
    return scale().timeout();
  }

  // ---- events -------------------------------------------------------------------------------

  /** A new event with a random id and the given text. */
  protected static EventData<ContractEvent> noted(String text) {
    return EventData.of(new ContractEvent.Noted(text));
  }

  /** {@code count} new events with texts {@code prefix-1}, {@code prefix-2}... */
  protected static List<EventData<ContractEvent>> noted(String prefix, int count) {
    List<EventData<ContractEvent>> events = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      events.add(noted(prefix + "-" + i));
    }
    return events;
  }

  /** A new numbered event. */
  protected static EventData<ContractEvent> numbered(String writer, long sequence) {
    return EventData.of(new ContractEvent.Numbered(writer, sequence));
  }

  /** The ids of {@code events}, in order. */
  protected static List<EventId> idsOf(List<? extends EventData<?>> events) {
    List<EventId> ids = new ArrayList<>(events.size());
    for (EventData<?> event : events) {
      ids.add(event.id());
    }
    return ids;
  }

  /** The ids of recorded {@code events}, in order. */
  protected static List<EventId> recordedIds(List<RecordedEvent<?>> events) {
    List<EventId> ids = new ArrayList<>(events.size());
    for (RecordedEvent<?> event : events) {
      ids.add(event.id());
    }
    return ids;
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The whole store-wide log, paged by 1,000, checked to be strictly increasing. */
  protected static List<RecordedEvent<?>> readWholeLog(EventStore store) {
    return readLogAfter(store, GlobalPosition.START, 1_000);
  }

  /** The log after {@code after}, paged by {@code pageSize} until an empty page. */
  protected static List<RecordedEvent<?>> readLogAfter(
      EventStore store, GlobalPosition after, int pageSize) {
    List<RecordedEvent<?>> all = new ArrayList<>();
    GlobalPosition position = after;
    while (true) {
      List<RecordedEvent<?>> page = store.readAll(position, pageSize);
      assertTrue(page.size() <= pageSize,
          "readAll(" + position + ", " + pageSize + ") returned " + page.size() + " events");
      if (page.isEmpty()) {
        assertStrictlyIncreasing(all, after);
        return all;
      }
      all.addAll(page);
      position = page.get(page.size() - 1).position();
    }
  }

  /** Fails unless positions strictly increase, all after {@code after}. */
  protected static void assertStrictlyIncreasing(
      List<RecordedEvent<?>> events, GlobalPosition after) {
    GlobalPosition previous = after;
    for (int i = 0; i < events.size(); i++) {
      GlobalPosition position = events.get(i).position();
      if (!position.isAfter(previous)) {
        fail("position " + position + " of event " + i + " (" + events.get(i).describe()
            + ") does not come after " + previous);
      }
      previous = position;
    }
  }

  /** Fails unless each stream's events appear with versions 1, 2, 3... in this order. */
  protected static Map<StreamId, Long> assertContiguousPerStream(List<RecordedEvent<?>> events) {
    Map<StreamId, Long> versions = new HashMap<>();
    for (RecordedEvent<?> event : events) {
      long expected = versions.merge(event.streamId(), 1L, Long::sum);
      assertEquals(expected, event.version().value(),
          () -> "versions of stream " + event.streamId() + " are not contiguous at " + event.describe());
    }
    return versions;
  }

  /** Waits (bounded) until {@code subscription} handled {@code position}. */
  protected final void awaitHandled(Subscription subscription, GlobalPosition position)
      throws InterruptedException {
    assertTrue(subscription.awaitPosition(position, timeout()),
        () -> subscription + " did not reach position " + position + " within " + timeout()
            + "; it is at " + subscription.position() + ", failure " + subscription.failure());
  }

  // ---- threads ------------------------------------------------------------------------------

  /** A task run by one of several threads; {@code index} is 0..threads-1. */
  @FunctionalInterface
  protected interface ConcurrentTask {
    /** Runs the task of thread {@code index}. */
    void run(int index) throws Exception;
  }

  /**
   * Runs {@code task} on {@code threads} real threads released together by a start gate, and
   * waits for all of them, at most {@link #timeout()}. Fails with every thread's exception, or
   * with a message naming {@code what} when they did not finish in time.
   */
  protected final void runConcurrently(String what, int threads, ConcurrentTask task)
      throws InterruptedException {
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "contract-" + what + "-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.nanoTime() + timeout().toNanos();
    try {
      List<Future<?>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!start.await(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(what + ": the start gate did not open");
          }
          task.run(index);
          return null;
        }));
      }
      assertTrue(ready.await(timeout().toMillis(), TimeUnit.MILLISECONDS),
          what + ": not all " + threads + " threads started within " + timeout());
      start.countDown();
      AssertionError failures = null;
      for (int i = 0; i < threads; i++) {
        try {
          futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          if (failures == null) {
            failures = new AssertionError(what + ": thread " + i + " failed: " + e.getCause(),
                e.getCause());
          } else {
            failures.addSuppressed(e.getCause());
          }
        } catch (TimeoutException e) {
          fail(what + ": " + threads + " threads did not finish within " + timeout()
              + " (a deadlock, a lost wake-up or a hung call?)");
        }
      }
      if (failures != null) {
        throw failures;
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
