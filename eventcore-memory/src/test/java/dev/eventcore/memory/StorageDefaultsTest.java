package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A storage that implements only what {@link EventStorage} requires gets the rest from its
 * defaults: chunked stream reads, counts by paging, the status of a live stream, and no deletions.
 * And a storage that learns of commits elsewhere wakes the store's subscribers through its context.
 */
class StorageDefaultsTest {
  private static final StreamId STREAM = StreamId.of("order", "1");
  private static final StreamId OTHER = StreamId.of("invoice", "1");

  record Noted(int n) {}

  record Other(int n) {}

  private final MemoryState state = new MemoryState(Clock.systemUTC());
  private final List<RequiredStorage> storages = new ArrayList<>();

  /** A store over the minimal storage of the shared state; its tailer polls only hourly. */
  private ComposedEventStore store() {
    return ComposedEventStore.builder(EventTypes.permissive()).pollInterval(Duration.ofHours(1))
        .build(context -> {
          RequiredStorage storage = new RequiredStorage(state, context);
          storages.add(storage);
          return storage;
        });
  }

  private static void append(ComposedEventStore store, StreamId stream, int count,
      boolean noted) {
    for (int from = 0; from < count; from += 1_000) {
      List<EventData<?>> events = new ArrayList<>();
      for (int n = from; n < Math.min(count, from + 1_000); n++) {
        events.add(EventData.of(noted ? new Noted(n) : new Other(n)));
      }
      store.append(stream, ExpectedVersion.any(), events);
    }
  }

  @Test
  void aStreamLongerThanOneChunkIsReadWholeAndInOrder() {
    try (ComposedEventStore store = store()) {
      append(store, STREAM, EventStorage.STREAM_CHUNK + 1, true);
      List<Long> versions = new ArrayList<>();
      long handed = store.readPayloads(STREAM, Version.of(1), (payload, version) -> {
        assertEquals(new Noted((int) version - 1), payload);
        versions.add(version);
      });
      assertEquals(EventStorage.STREAM_CHUNK + 1, handed);
      assertEquals(EventStorage.STREAM_CHUNK + 1, versions.size());
      for (int i = 0; i < versions.size(); i++) {
        assertEquals(i + 1, versions.get(i));
      }
      assertEquals(EventStorage.STREAM_CHUNK + 1, store.readStream(STREAM).size());
      assertEquals(2, store.readPayloads(STREAM, Version.of(EventStorage.STREAM_CHUNK),
          (payload, version) -> { }), "from a version on");
    }
  }

  @Test
  void aCountPagesThroughTheWholeLog() {
    try (ComposedEventStore store = store()) {
      append(store, STREAM, 6_000, true);
      append(store, OTHER, 5_000, false);
      append(store, STREAM, 1, true);
      assertEquals(6_001, store.countAfter(GlobalPosition.START, EventFilter.types("Noted")),
          "11,001 events: more than one page of 10,000");
      assertEquals(11_001, store.countAfter(GlobalPosition.START, EventFilter.all()));
      assertEquals(1, store.countAfter(GlobalPosition.of(11_000), EventFilter.all()));
      assertEquals(0, store.countAfter(GlobalPosition.of(11_001), EventFilter.all()));
    }
  }

  @Test
  void aStreamIsLiveAtItsVersionAndDeletionsAreNotSupported() {
    try (ComposedEventStore store = store()) {
      append(store, STREAM, 3, true);
      StreamStatus status = store.streamStatus(STREAM);
      assertEquals(StreamStatus.live(STREAM, Version.of(3)), status);
      assertTrue(status.deletion().isEmpty());
      assertUnsupported(() -> store.deleteStream(STREAM, ExpectedVersion.any()));
      assertUnsupported(() -> store.hardDeleteStream(STREAM, ExpectedVersion.any()));
      assertUnsupported(() -> store.restartStream(STREAM, List.of(EventData.of(new Noted(9)))));
      assertUnsupported(() -> store.truncateStream(STREAM, Version.of(2)));
      assertUnsupported(() -> store.archiveStream(STREAM, Version.of(2)));
      assertEquals(3, store.readStream(STREAM).size(), "nothing changed");
    }
  }

  private static void assertUnsupported(Runnable change) {
    assertThrows(UnsupportedOperationException.class, change::run);
  }

  /** Hands each payload to a queue; counts the catch-ups down. */
  private static final class Payloads implements EventHandler {
    final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    volatile CountDownLatch caughtUp = new CountDownLatch(1);

    @Override
    public void handle(RecordedEvent<?> event) {
      seen.add(event.payload());
    }

    @Override
    public void caughtUp() {
      caughtUp.countDown();
    }

    void awaitCaughtUp() throws InterruptedException {
      assertTrue(caughtUp.await(10, TimeUnit.SECONDS), "not caught up");
      caughtUp = new CountDownLatch(1);
    }
  }

  @Test
  void aWakeUpFromTheStorageReachesTheStoresSubscribers() throws Exception {
    try (ComposedEventStore store = store(); ComposedEventStore elsewhere = store()) {
      Payloads handler = new Payloads();
      try (Subscription subscription = store.subscribe(GlobalPosition.START, handler)) {
        handler.awaitCaughtUp();
        store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted(0))));
        assertEquals(new Noted(0), handler.seen.poll(10, TimeUnit.SECONDS));
        handler.awaitCaughtUp(); // the tailer read to the end: it waits for a wake-up now
        // another process's commit wakes the subscribers of its own store, not ours ...
        elsewhere.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted(1))));
        // ... until our storage learns of it (a NOTIFY) and says so
        storages.get(0).context.signalWakeUp();
        assertEquals(new Noted(1), handler.seen.poll(10, TimeUnit.SECONDS),
            "the storage's wake-up did not reach the subscription (it polls hourly)");
        assertTrue(subscription.isRunning());
      }
    }
  }
}
