package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory store's log-read coalescing: its bounds, and what it never delays. */
class LogReadCoalescingTest {
  private static final StreamId STREAM = StreamId.of("order-1");

  record Noted(int n) {}

  @Test
  void theIntervalIsZeroToOneSecond() {
    InMemoryEventStore.builder().logReadCoalescing(Duration.ZERO);
    InMemoryEventStore.builder().logReadCoalescing(Duration.ofSeconds(1));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> InMemoryEventStore.builder().logReadCoalescing(Duration.ofMillis(-1)));
    assertEquals("logReadCoalescing is PT-0.001S; allowed: 0 to 1 s", negative.getMessage());
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> InMemoryEventStore.builder().logReadCoalescing(Duration.ofMillis(1_001)));
    assertEquals("logReadCoalescing is PT1.001S; allowed: 0 to 1 s", tooLong.getMessage());
    assertThrows(NullPointerException.class,
        () -> InMemoryEventStore.builder().logReadCoalescing(null));
  }

  /**
   * The interval only spaces reads under a steady stream: an append after a quiet spell longer
   * than the interval is delivered at once, here well within the interval of 1 s.
   */
  @Test
  void anAppendAfterAQuietSpellIsDeliveredAtOnce() throws Exception {
    LinkedBlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
    try (InMemoryEventStore store = InMemoryEventStore.builder()
        .logReadCoalescing(Duration.ofSeconds(1)).build();
        Subscription sub = store.subscribe(GlobalPosition.START,
            event -> seen.add(((Noted) event.payload()).n()))) {
      for (int n = 1; n <= 2; n++) {
        if (n == 2) {
          Thread.sleep(1_100); // quiet for longer than the interval
        }
        long start = System.nanoTime();
        store.append(STREAM, ExpectedVersion.any(), List.of(EventData.of(new Noted(n))));
        Integer delivered = seen.poll(900, TimeUnit.MILLISECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(n, delivered, "append " + n + " was not delivered within 900 ms");
        assertTrue(took < 900, "append " + n + " took " + took + " ms");
      }
    }
  }
}
