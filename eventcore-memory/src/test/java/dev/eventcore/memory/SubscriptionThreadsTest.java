package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.List;
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
}
