package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.PayloadTooLargeException;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.serialization.EventType;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What only the in-memory store promises, beyond the contract. */
class InMemoryEventStoreTest {
  private static final StreamId STREAM = StreamId.of("order-1");

  private static EventData<ContractEvent> noted(String text) {
    return EventData.of(new ContractEvent.Noted(text));
  }

  @Test
  void positionsAreDenseFromOne() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(STREAM, ExpectedVersion.any(), List.of(noted("a"), noted("b")));
      store.append(StreamId.of("order-2"), ExpectedVersion.any(), List.of(noted("c")));
      List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 10);
      for (int i = 0; i < all.size(); i++) {
        assertEquals(GlobalPosition.of(i + 1L), all.get(i).position());
      }
      assertEquals(3, all.size());
    }
  }

  @Test
  void recordedAtComesFromTheInjectedClock() {
    Instant now = Instant.parse("2030-01-02T03:04:05Z");
    try (InMemoryEventStore store = new InMemoryEventStore(EventTypes.permissive(),
        StoreLimits.defaults(), Clock.fixed(now, ZoneOffset.UTC))) {
      store.append(STREAM, ExpectedVersion.any(), List.of(noted("a")));
      assertEquals(now, store.readStream(STREAM).get(0).recordedAt());
    }
  }

  @Test
  void configuredLimitsAreEnforcedBeforeWriting() {
    try (InMemoryEventStore store = new InMemoryEventStore(ContractEvent.types(),
        new StoreLimits(100, 3), Clock.systemUTC())) {
      PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
          () -> store.append(STREAM, ExpectedVersion.any(), List.of(noted("x".repeat(200)))));
      assertEquals(100, e.limit());
      assertThrows(IllegalArgumentException.class, () -> store.append(STREAM,
          ExpectedVersion.any(), List.of(noted("a"), noted("b"), noted("c"), noted("d"))));
      store.append(STREAM, ExpectedVersion.any(), List.of(noted("a"), noted("b"), noted("c")));
      assertEquals(Version.of(3), store.currentVersion(STREAM));
    }
  }

  /** Named by annotation in a permissive store. */
  @EventType("sketch.named")
  record Named(String text) {}

  /** Named by its simple name in a permissive store. */
  record Plain(int n) {}

  @Test
  void theDefaultStoreAcceptsAnyClassByItsEventTypeOrSimpleName() {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      store.append(STREAM, ExpectedVersion.any(),
          List.of(EventData.of(new Named("a")), EventData.of(new Plain(1))));
      List<RecordedEvent<?>> read = store.readStream(STREAM);
      assertEquals("sketch.named", read.get(0).type());
      assertEquals("Plain", read.get(1).type());
      assertEquals(new Plain(1), read.get(1).payloadAs(Plain.class));
    }
  }

  @Test
  void readersAreNotBlockedByAnAppendInProgress() throws Exception {
    CountDownLatch insideAppend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean();
    Clock blocking = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        if (armed.compareAndSet(true, false)) {
          insideAppend.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Instant.now();
      }
    };
    try (InMemoryEventStore store = new InMemoryEventStore(EventTypes.permissive(),
        StoreLimits.defaults(), blocking)) {
      store.append(STREAM, ExpectedVersion.any(), List.of(noted("before")));
      armed.set(true);
      CompletableFuture<AppendResult> slow = CompletableFuture.supplyAsync(
          () -> store.append(STREAM, ExpectedVersion.any(), List.of(noted("slow"))));
      try {
        assertTrue(insideAppend.await(10, TimeUnit.SECONDS), "the append never started");
        CompletableFuture<Integer> reads = CompletableFuture.supplyAsync(() ->
            store.readAll(GlobalPosition.START, 10).size() + store.readStream(STREAM).size()
                + (int) store.currentVersion(STREAM).value());
        assertEquals(3, reads.get(5, TimeUnit.SECONDS), "reads returned, seeing only 1 event");
        assertFalse(slow.isDone(), "the append is still holding the write lock");
      } finally {
        release.countDown();
      }
      assertEquals(Version.of(2), slow.get(10, TimeUnit.SECONDS).nextExpectedVersion());
    }
  }
}
