package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.StorageContext;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Subscriptions run on the host's threads, and a stuck handler cannot hold a close forever. */
class SubscriptionThreadsTest {
  private static final StreamId STREAM = StreamId.of("order-1");

  record Noted(String text) {}

  @Test
  void subscriptionsRunOnThreadsOfTheGivenFactory() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch handled = new CountDownLatch(1);
    String[] handlerThread = new String[1];
    try (InMemoryEventStore store = InMemoryEventStore.builder()
        .threadFactory(task -> {
          Thread thread = new Thread(task, "host-" + made.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        })
        .build()) {
      try (Subscription sub = store.subscribe(GlobalPosition.START, event -> {
        handlerThread[0] = Thread.currentThread().getName();
        handled.countDown();
      })) {
        store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("a"))));
        assertTrue(handled.await(5, TimeUnit.SECONDS));
      }
    }
    assertTrue(made.get() >= 1, "the factory made the subscription's thread");
    assertTrue(handlerThread[0].startsWith("host-"), "handled on " + handlerThread[0]);
  }

  @Test
  void closeWithATimeoutGivesUpOnAStuckHandlerAndInterruptsIt() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Subscription sub = store.subscribe(GlobalPosition.START, event -> {
        entered.countDown();
        try {
          new CountDownLatch(1).await(); // hangs until interrupted
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw e;
        }
      });
      store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("a"))));
      assertTrue(entered.await(5, TimeUnit.SECONDS));

      assertFalse(sub.close(Duration.ofMillis(50)), "the handler did not return in time");
      assertTrue(interrupted.await(5, TimeUnit.SECONDS), "its thread was interrupted");
      assertFalse(sub.isRunning());
      assertTrue(sub.failure().isEmpty(), "giving up on a handler is not a failure");
      assertEquals(GlobalPosition.START, sub.position(), "the event stays unhandled");
    }
  }

  @Test
  void closeWithATimeoutOfAnIdleSubscriptionStopsIt() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Subscription sub = store.subscribe(GlobalPosition.START, event -> { });
      assertTrue(sub.close(Duration.ofSeconds(5)));
      assertFalse(sub.isRunning());
      assertTrue(sub.close(Duration.ZERO), "idempotent");
    }
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Subscription sub = store.subscribe(GlobalPosition.START, event -> { });
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sub.close(Duration.ofMillis(-1)));
      assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
      assertThrows(NullPointerException.class, () -> sub.close(null));
      sub.close();
    }
  }

  @Test
  void aFactoryThatReturnsNoThreadIsReportedWhenSubscribing() {
    try (InMemoryEventStore store = InMemoryEventStore.builder().threadFactory(task -> null)
        .build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> store.subscribe(GlobalPosition.START, event -> { }));
      assertTrue(e.getMessage().contains("thread factory returned no thread"), e.getMessage());
    }
  }

  /**
   * The in-memory storage, writing down for each log read whether the store's context counts the
   * reading thread as one of its subscriptions' or its tailer's.
   */
  private static final class WatchedStorage extends RequiredStorage {
    /** Thread name to what the context said on it. */
    final Map<String, Boolean> readers = new ConcurrentHashMap<>();

    WatchedStorage(StorageContext context) {
      super(new MemoryState(Clock.systemUTC()), context);
    }

    @Override
    public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
      readers.put(Thread.currentThread().getName(), context.onSubscriptionThread());
      return super.readAll(after, maxCount);
    }
  }

  @Test
  void theStorageTellsTheStoresSubscriptionAndTailerThreadsFromItsCallers() throws Exception {
    AtomicInteger made = new AtomicInteger();
    WatchedStorage[] storage = new WatchedStorage[1];
    try (ComposedEventStore store = ComposedEventStore.builder(EventTypes.permissive())
        .threadFactory(task -> {
          Thread thread = new Thread(task, "host-" + made.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        })
        .build(context -> storage[0] = new WatchedStorage(context))) {
      store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("a"))));
      assertEquals(1, store.readAll(GlobalPosition.START, 10).size());
      try (Subscription sub = store.subscribe(GlobalPosition.START, event -> { })) {
        assertTrue(sub.awaitPosition(GlobalPosition.of(1), Duration.ofSeconds(10)));
        store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("b"))));
        assertTrue(sub.awaitPosition(GlobalPosition.of(2), Duration.ofSeconds(10)));
      }
    }
    Map<String, Boolean> readers = Map.copyOf(storage[0].readers);
    assertEquals(false, readers.get(Thread.currentThread().getName()), "a caller: " + readers);
    assertEquals(2, made.get(), "the subscription's thread and the tailer's: " + readers);
    assertEquals(true, readers.get("host-1"), "the subscription's own reads: " + readers);
    assertEquals(true, readers.get("host-2"), "the tailer's reads: " + readers);
  }

  @Test
  void aSubscriptionsThreadAndFailureAreNamedAfterItsHandler() throws Exception {
    CompletableFuture<String> named = new CompletableFuture<>();
    CompletableFuture<String> unnamed = new CompletableFuture<>();
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("a"))));
      Subscription orders = store.subscribe(GlobalPosition.START, new EventHandler() {
        @Override
        public void handle(RecordedEvent<?> event) {
          named.complete(Thread.currentThread().getName());
          throw new IllegalStateException("no");
        }

        @Override
        public String name() {
          return "orders";
        }
      });
      Subscription other = store.subscribe(GlobalPosition.START,
          event -> unnamed.complete(Thread.currentThread().getName()));
      assertEquals("eventcore-orders", named.get(10, TimeUnit.SECONDS));
      SubscriptionFailedException failure = assertThrows(SubscriptionFailedException.class,
          () -> orders.awaitPosition(GlobalPosition.of(1), Duration.ofSeconds(10)));
      assertTrue(failure.getMessage().startsWith("subscription orders stopped"),
          failure.getMessage());
      assertTrue(unnamed.get(10, TimeUnit.SECONDS).matches("eventcore-subscription-[0-9]+"),
          unnamed.get());
      assertTrue(other.toString().startsWith("Subscription[subscription-"), other.toString());
    }
  }

  @Test
  void closingFromAnInterruptedThreadStillWaitsForTheHandlerAndKeepsTheInterrupt()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      Subscription sub = store.subscribe(GlobalPosition.START, event -> {
        entered.countDown();
        release.await();
      });
      store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted("a"))));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<Boolean> interruptedAfterClose = new CompletableFuture<>();
      Thread closer = new Thread(() -> {
        Thread.currentThread().interrupt();
        sub.close();
        interruptedAfterClose.complete(Thread.currentThread().isInterrupted());
      });
      closer.setDaemon(true);
      closer.start();
      while (closer.getState() != Thread.State.WAITING && closer.isAlive()) {
        Thread.onSpinWait();
      }
      assertFalse(interruptedAfterClose.isDone(), "close() returned while the handler ran");
      release.countDown();
      assertTrue(interruptedAfterClose.get(10, TimeUnit.SECONDS), "the interrupt was kept");
      assertFalse(sub.isRunning());
      assertEquals(GlobalPosition.of(1), sub.position(), "the handler finished its event");
    }
  }
}
