package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamDeleted;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Deleting, restarting, truncating and archiving streams on the composed store over the in-memory
 * storage: what wakes a subscriber, which arguments are refused, and a closed store.
 */
class StreamLifecycleTest {
  private static final StreamId STREAM = StreamId.of("order", "1");
  private static final StreamId OTHER = StreamId.of("order", "2");

  record Noted(int n) {}

  /**
   * The composed store over the in-memory storage, with a log tailer that polls only every hour:
   * an event reaches a caught-up subscriber within the test only if its write woke the tailer.
   */
  private static ComposedEventStore hourlyPollingStore() {
    return ComposedEventStore.builder(EventTypes.permissive()).pollInterval(Duration.ofHours(1))
        .build(context -> new MemoryStorage(new MemoryState(Clock.systemUTC()), null));
  }

  /** Hands the type of each event to a queue; counts the catch-ups down. */
  private static final class Types implements EventHandler {
    final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    volatile CountDownLatch caughtUp = new CountDownLatch(1);

    @Override
    public void handle(dev.eventcore.RecordedEvent<?> event) {
      seen.add(event.streamId().value() + " " + event.type());
    }

    @Override
    public void caughtUp() {
      caughtUp.countDown();
    }

    /** The next event, once the subscription caught up with what was there before. */
    String nextAfterCatchingUp(Runnable write) throws InterruptedException {
      assertTrue(caughtUp.await(10, TimeUnit.SECONDS), "not caught up");
      caughtUp = new CountDownLatch(1);
      write.run();
      String next = seen.poll(10, TimeUnit.SECONDS);
      assertTrue(next != null, "nothing delivered: the write did not wake the tailer");
      return next;
    }
  }

  @Test
  void deletingAndRestartingAStreamWakeACaughtUpSubscription() throws Exception {
    try (ComposedEventStore store = hourlyPollingStore()) {
      Types handler = new Types();
      try (Subscription subscription = store.subscribe(GlobalPosition.START, handler)) {
        assertEquals(STREAM.value() + " Noted", handler.nextAfterCatchingUp(() -> store.append(
            STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted(1))))));
        assertEquals(OTHER.value() + " Noted", handler.nextAfterCatchingUp(() -> store.append(
            OTHER, ExpectedVersion.any(), List.of(EventData.of(new Noted(2))))));
        assertEquals(STREAM.value() + " " + StreamDeleted.TYPE, handler.nextAfterCatchingUp(
            () -> store.deleteStream(STREAM, ExpectedVersion.any())));
        assertEquals(STREAM.value() + " Noted", handler.nextAfterCatchingUp(
            () -> store.restartStream(STREAM, List.of(EventData.of(new Noted(3))))));
        assertEquals(OTHER.value() + " " + StreamDeleted.TYPE, handler.nextAfterCatchingUp(
            () -> store.hardDeleteStream(OTHER, ExpectedVersion.any())));
        assertTrue(subscription.isRunning());
      }
    }
  }

  @Test
  void truncatingAndArchivingKeepFromTheSecondEventOn() {
    try (ComposedEventStore store = hourlyPollingStore()) {
      store.append(STREAM, ExpectedVersion.any(),
          List.of(EventData.of(new Noted(1)), EventData.of(new Noted(2)),
              EventData.of(new Noted(3))));
      store.append(OTHER, ExpectedVersion.any(),
          List.of(EventData.of(new Noted(1)), EventData.of(new Noted(2))));
      IllegalArgumentException truncation = assertThrows(IllegalArgumentException.class,
          () -> store.truncateStream(STREAM, Version.of(1)));
      assertTrue(truncation.getMessage().contains("at least 2"), truncation.getMessage());
      IllegalArgumentException archiving = assertThrows(IllegalArgumentException.class,
          () -> store.archiveStream(OTHER, Version.of(1)));
      assertTrue(archiving.getMessage().contains("at least 2"), archiving.getMessage());
      assertEquals(1, store.truncateStream(STREAM, Version.of(2)), "the first event removed");
      assertEquals(2, store.readStream(STREAM).size());
      assertEquals(1, store.archiveStream(OTHER, Version.of(2)), "the first event moved");
      assertEquals(2, store.readStream(OTHER).size(), "archived events are still read");
    }
  }

  @Test
  void aClosedStoreRefusesEveryChangeOfAStreamsLifeAndItsStatus() {
    ComposedEventStore store = hourlyPollingStore();
    store.append(STREAM, ExpectedVersion.any(),
        List.of(EventData.of(new Noted(1)), EventData.of(new Noted(2)),
            EventData.of(new Noted(3))));
    store.close();

    assertClosed(() -> store.deleteStream(STREAM, ExpectedVersion.any()));
    assertClosed(() -> store.hardDeleteStream(STREAM, ExpectedVersion.any()));
    assertClosed(() -> store.restartStream(STREAM, List.of(EventData.of(new Noted(4)))));
    assertClosed(() -> store.truncateStream(STREAM, Version.of(2)));
    assertClosed(() -> store.archiveStream(STREAM, Version.of(2)));
    assertClosed(() -> store.streamStatus(STREAM));
  }

  private static void assertClosed(Executable change) {
    IllegalStateException e = assertThrows(IllegalStateException.class, change);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}
