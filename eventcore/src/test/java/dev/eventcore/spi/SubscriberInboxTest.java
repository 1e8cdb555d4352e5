package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The bounded buffer between the log tailer and one subscription. */
class SubscriberInboxTest {
  private long next = 1;

  /** A batch of {@code count} events, at the positions after the previous batch's. */
  private TailBatch batch(int count) {
    GlobalPosition after = GlobalPosition.of(next - 1);
    List<RecordedEvent<?>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long n = next++;
      events.add(new RecordedEvent<>(GlobalPosition.of(n), StreamId.of("s-1"), Version.of(n),
          EventId.random(), "Noted", "e" + n, Metadata.empty(), Instant.EPOCH));
    }
    return new TailBatch(after, GlobalPosition.of(next - 1), events, false);
  }

  /**
   * Runs {@code inbox.take} on another thread, stopping when {@code stop} is set, and returns once
   * that take waits (nothing queued).
   */
  private static CompletableFuture<TailBatch> waitingTake(SubscriberInbox inbox,
      AtomicBoolean stop) {
    CompletableFuture<TailBatch> taken = new CompletableFuture<>();
    Thread taker = new Thread(() -> {
      try {
        taken.complete(inbox.take(stop::get));
      } catch (Throwable e) {
        taken.completeExceptionally(e);
      }
    });
    taker.setDaemon(true);
    taker.start();
    while (taker.getState() != Thread.State.WAITING && !taken.isDone()) {
      Thread.onSpinWait();
    }
    assertFalse(taken.isDone(), "take returned with nothing queued");
    return taken;
  }

  @Test
  void aBatchLargerThanTheCapacityIsAcceptedWhenNothingIsQueued() throws InterruptedException {
    SubscriberInbox inbox = new SubscriberInbox(2);
    TailBatch large = batch(5);
    assertTrue(inbox.offer(large));
    assertEquals(5, inbox.queued());
    assertSame(large, inbox.take(() -> false));
  }

  @Test
  void batchesFillItUpToExactlyTheCapacityAndOneEventMoreDetachesIt()
      throws InterruptedException {
    SubscriberInbox inbox = new SubscriberInbox(5);
    TailBatch first = batch(3);
    TailBatch second = batch(2);
    assertTrue(inbox.offer(first));
    assertTrue(inbox.offer(second), "3 + 2 events fit a capacity of 5");
    assertEquals(5, inbox.queued());
    assertFalse(inbox.offer(batch(1)), "a sixth event does not fit: detached");
    assertFalse(inbox.offer(batch(0)), "once detached, it takes nothing more, not even a marker");
    assertEquals(5, inbox.queued(), "the refused batches are not queued");
    assertSame(first, inbox.take(() -> false), "what was queued is still taken, in order");
    assertSame(second, inbox.take(() -> false));
    assertNull(inbox.take(() -> false), "detached and drained: the subscription reads by itself");
  }

  @Test
  void takingABatchFreesItsEventsCapacity() throws InterruptedException {
    SubscriberInbox inbox = new SubscriberInbox(5);
    assertTrue(inbox.offer(batch(3)));
    assertTrue(inbox.offer(batch(2)));
    assertEquals(3, inbox.take(() -> false).events().size());
    assertEquals(2, inbox.queued());
    assertTrue(inbox.offer(batch(3)), "2 + 3 events fit again once the first batch was taken");
    assertEquals(5, inbox.queued());
    assertEquals(2, inbox.take(() -> false).events().size());
    assertEquals(3, inbox.take(() -> false).events().size());
    assertEquals(0, inbox.queued());
  }

  @Test
  void isEmptyTellsWhetherABatchIsQueuedEvenAnEmptyOne() throws InterruptedException {
    SubscriberInbox inbox = new SubscriberInbox(10);
    assertTrue(inbox.isEmpty());
    assertTrue(inbox.offer(TailBatch.marker(GlobalPosition.START, true)));
    assertFalse(inbox.isEmpty(), "a marker is a batch too");
    assertEquals(0, inbox.queued(), "with no events");
    inbox.take(() -> false);
    assertTrue(inbox.isEmpty());
  }

  @Test
  void aStopConditionThatHoldsWinsOverQueuedBatches() throws InterruptedException {
    SubscriberInbox inbox = new SubscriberInbox(10);
    assertTrue(inbox.offer(batch(1)));
    assertNull(inbox.take(() -> true));
    assertEquals(1, inbox.queued(), "the batch stays queued");
  }

  @Test
  void aWaitingTakeReturnsTheNextOfferedBatch() throws Exception {
    SubscriberInbox inbox = new SubscriberInbox(10);
    CompletableFuture<TailBatch> taken = waitingTake(inbox, new AtomicBoolean());
    TailBatch offered = batch(2);
    assertTrue(inbox.offer(offered));
    assertSame(offered, taken.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aWaitingTakeReturnsNullOnceDetached() throws Exception {
    SubscriberInbox inbox = new SubscriberInbox(10);
    CompletableFuture<TailBatch> taken = waitingTake(inbox, new AtomicBoolean());
    inbox.detach();
    assertNull(taken.get(10, TimeUnit.SECONDS));
    assertFalse(inbox.offer(batch(1)), "a detached inbox takes nothing");
  }

  @Test
  void aWakeUpMakesAWaitingTakeLookAtItsStopConditionAgain() throws Exception {
    SubscriberInbox inbox = new SubscriberInbox(10);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<TailBatch> taken = waitingTake(inbox, stop);
    stop.set(true);
    inbox.wake();
    assertNull(taken.get(10, TimeUnit.SECONDS));
    assertTrue(inbox.offer(batch(1)), "a wake-up does not detach it");
  }
}
