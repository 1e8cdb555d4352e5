package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Subscriptions: catch-up then live, exactly once, in order; stopping on close or failure.
 *
 * @since 0.1.0
 */
public abstract class SubscriptionContract extends StoreContract {
  private static final StreamId STREAM = StreamId.of("order-1");

  @Test
  void aSubscriptionFromTheStartDeliversHistoryThenLiveEventsExactlyOnceInOrder()
      throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("history", 5));
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, handled::add));
    AppendResult live = store.append(STREAM, ExpectedVersion.any(), noted("live", 3));
    awaitHandled(subscription, live.lastPosition());
    assertEquals(readWholeLog(store), handled);
    assertEquals(live.lastPosition(), subscription.position());
    assertTrue(subscription.isRunning());
    assertTrue(subscription.failure().isEmpty());
  }

  @Test
  void aSubscriptionAfterAPositionDeliversOnlyLaterEvents() throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("a", 3));
    AppendResult middle = store.append(STREAM, ExpectedVersion.any(), noted("b", 4));
    GlobalPosition after = store.readStream(STREAM).get(4).position();
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(after, handled::add));
    awaitHandled(subscription, middle.lastPosition());
    assertEquals(readLogAfter(store, after, 100), handled);
    assertEquals(2, handled.size(), "starts inside a multi-event append, at the next event");
  }

  @Test
  void liveEventsAreDeliveredWithinMillisecondsOfTheCommit() throws InterruptedException {
    EventStore store = openStore();
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, handled::add));
    long slowest = 0;
    for (int i = 0; i < 20; i++) {
      AppendResult result = store.append(STREAM, ExpectedVersion.any(), noted("live", 1));
      long start = System.nanoTime();
      awaitHandled(subscription, result.lastPosition());
      slowest = Math.max(slowest, System.nanoTime() - start);
      Thread.sleep(5);
    }
    Duration bound = scale().liveDelivery();
    assertTrue(slowest <= bound.toNanos(), "the slowest live delivery took "
        + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms, over " + bound);
    assertEquals(20, handled.size());
  }

  @Test
  void awaitPositionReturnsFalseWhenThePositionIsNotReachedInTime() throws InterruptedException {
    EventStore store = openStore();
    AppendResult result = store.append(STREAM, ExpectedVersion.any(), noted("a", 1));
    Subscription subscription = track(store.subscribe(GlobalPosition.START, event -> { }));
    awaitHandled(subscription, result.lastPosition());
    GlobalPosition future = GlobalPosition.of(result.lastPosition().value() + 1_000_000);
    assertFalse(subscription.awaitPosition(future, Duration.ofMillis(100)));
    assertTrue(subscription.isRunning());
  }

  @Test
  void aSubscriptionAfterAPositionBeyondTheEndOfTheStoreIsRefusedAtOnce() {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("a", 3));
    GlobalPosition beyond = GlobalPosition.of(1L << 60); // from another database, say
    assertEquals(List.of(), store.readAll(beyond, 10), "reading after it is merely empty");
    for (Executable subscribing : List.<Executable>of(
        () -> track(store.subscribe(beyond, event -> { })),
        () -> track(store.subscribe(beyond, EventFilter.categories("order"), event -> { })))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, subscribing);
      assertTrue(e.getMessage().contains("position " + beyond), e.getMessage());
      assertTrue(e.getMessage().contains("beyond the end of this store"), e.getMessage());
      assertTrue(e.getMessage().contains("never handed out"), e.getMessage());
    }
    EventStore empty = openStore();
    assertThrows(IllegalArgumentException.class,
        () -> track(empty.subscribe(beyond, event -> { })), "an empty store has no end to pass");
    track(empty.subscribe(GlobalPosition.START, event -> { }));
  }

  @Test
  void aSubscriptionRightAfterThePositionAnAppendJustReturnedGetsTheNextEvent()
      throws InterruptedException {
    EventStore store = openStore();
    AppendResult written = store.append(STREAM, ExpectedVersion.any(), noted("a", 2));
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(written.lastPosition(), handled::add));
    AppendResult next = store.append(STREAM, ExpectedVersion.any(), noted("b", 1));
    awaitHandled(subscription, next.lastPosition());
    assertEquals(1, handled.size());
    assertEquals(next.lastPosition(), handled.get(0).position());
  }

  @Test
  void closingASubscriptionStopsDeliveryAndIsIdempotent() throws InterruptedException {
    EventStore store = openStore();
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, handled::add));
    AppendResult first = store.append(STREAM, ExpectedVersion.any(), noted("a", 2));
    awaitHandled(subscription, first.lastPosition());
    subscription.close();
    subscription.close();
    assertFalse(subscription.isRunning());
    AppendResult after = store.append(STREAM, ExpectedVersion.any(), noted("b", 2));
    assertFalse(subscription.awaitPosition(after.lastPosition(), Duration.ofMillis(200)));
    assertEquals(2, handled.size());
    assertEquals(first.lastPosition(), subscription.position());
  }

  @Test
  void aHandlerMayCloseItsOwnSubscriptionAndNothingMoreIsDelivered()
      throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("a", 10));
    AtomicReference<Subscription> self = new AtomicReference<>();
    CountDownLatch assigned = new CountDownLatch(1);
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, event -> {
      assertTrue(assigned.await(10, TimeUnit.SECONDS), "subscription reference not set");
      handled.add(event);
      if (handled.size() == 3) {
        self.get().close();
      }
    }));
    self.set(subscription);
    assigned.countDown();
    long deadline = System.nanoTime() + timeout().toNanos();
    while (subscription.isRunning() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(subscription.isRunning(), "the subscription did not stop after closing itself");
    Thread.sleep(100);
    assertEquals(3, handled.size());
  }

  @Test
  void closingTheStoreStopsItsSubscriptions() throws InterruptedException {
    EventStore store = openStore();
    AppendResult result = store.append(STREAM, ExpectedVersion.any(), noted("a", 1));
    Subscription subscription = track(store.subscribe(GlobalPosition.START, event -> { }));
    awaitHandled(subscription, result.lastPosition());
    store.close();
    assertFalse(subscription.isRunning());
  }

  @Test
  void aHandlerFailureOnAPoisonEventStopsThereAndNothingAfterItIsHandled()
      throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("fine", 3));
    store.append(STREAM, ExpectedVersion.any(), List.of(noted("poison")));
    store.append(STREAM, ExpectedVersion.any(), noted("after", 3));
    RecordedEvent<?> poison = store.readStream(STREAM).get(3);
    IllegalStateException cause = new IllegalStateException("cannot handle poison");
    List<RecordedEvent<?>> handled = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, event -> {
      if (event.payload().equals(new ContractEvent.Noted("poison"))) {
        throw cause;
      }
      handled.add(event);
    }));
    AppendResult later = store.append(STREAM, ExpectedVersion.any(), noted("later", 2));

    SubscriptionFailedException failure = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(later.lastPosition(), timeout()));

    assertSame(cause, failure.getCause());
    assertEquals(poison.position(), failure.position());
    String message = failure.getMessage();
    assertTrue(message.contains(STREAM.value()) && message.contains("@4")
        && message.contains(poison.position().toString()), () -> "message " + message
        + " should name stream, version and position of " + poison.describe());
    assertEquals(failure, subscription.failure().orElseThrow());
    assertFalse(subscription.isRunning());
    Thread.sleep(100);
    assertEquals(store.readStream(STREAM).subList(0, 3), handled);
    assertEquals(handled.get(2).position(), subscription.position(),
        "the poison event is not marked handled");
  }

  @Test
  void aHandlerThrowingAnErrorAlsoStopsTheSubscriptionWithTheCause()
      throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("a", 2));
    AssertionError cause = new AssertionError("handler bug");
    Subscription subscription = track(store.subscribe(GlobalPosition.START, event -> {
      throw cause;
    }));
    GlobalPosition last = store.readStream(STREAM).get(1).position();
    SubscriptionFailedException failure = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(last, timeout()));
    assertSame(cause, failure.getCause());
    assertEquals(store.readStream(STREAM).get(0).position(), failure.position());
  }

  @Test
  void theHandlerHearsItCaughtUpAfterTheCatchUpAndAfterEachBurstNeverMidAppend()
      throws InterruptedException {
    EventStore store = openStore();
    store.append(STREAM, ExpectedVersion.any(), noted("history", 3));
    List<String> heard = new CopyOnWriteArrayList<>();
    Subscription subscription = track(store.subscribe(GlobalPosition.START, new EventHandler() {
      @Override
      public void handle(RecordedEvent<?> event) {
        heard.add("event " + event.position());
      }

      @Override
      public void caughtUp() {
        heard.add("caught up");
      }
    }));
    List<String> expected = new ArrayList<>();
    readWholeLog(store).forEach(event -> expected.add("event " + event.position()));
    expected.add("caught up");
    awaitHeard(heard, expected);
    AppendResult live = store.append(STREAM, ExpectedVersion.any(), noted("live", 4));
    readLogAfter(store, readWholeLog(store).get(2).position(), 10)
        .forEach(event -> expected.add("event " + event.position()));
    expected.add("caught up");
    awaitHeard(heard, expected);
    assertEquals(live.lastPosition(), subscription.position());
    Thread.sleep(100);
    assertEquals(expected, heard, "nothing new: caught up is heard once per burst");
  }

  @Test
  void aHandlerFailingOnCatchingUpStopsTheSubscriptionAtItsLastHandledEvent()
      throws InterruptedException {
    EventStore store = openStore();
    AppendResult written = store.append(STREAM, ExpectedVersion.any(), noted("a", 2));
    IllegalStateException cause = new IllegalStateException("flush failed");
    Subscription subscription = track(store.subscribe(GlobalPosition.START, new EventHandler() {
      @Override
      public void handle(RecordedEvent<?> event) {}

      @Override
      public void caughtUp() {
        throw cause;
      }
    }));
    awaitUntil(() -> !subscription.isRunning());
    SubscriptionFailedException failure = subscription.failure().orElseThrow();
    assertSame(cause, failure.getCause());
    assertTrue(failure.getMessage().contains("catching up"), failure.getMessage());
    assertEquals(written.lastPosition(), failure.position(), "its last handled event");
    assertEquals(written.lastPosition(), subscription.position());
    assertFalse(subscription.isRunning());
  }

  private void awaitHeard(List<String> heard, List<String> expected) throws InterruptedException {
    awaitUntil(() -> heard.size() >= expected.size());
    assertEquals(expected, heard);
  }

  /** Polls {@code done} until it holds or the timeout passes; the caller asserts what follows. */
  private void awaitUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void aSlowHandlerHoldsUpNeitherAppendsNorOtherSubscriptions() throws InterruptedException {
    EventStore store = openStore();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    track(store.subscribe(GlobalPosition.START, event -> {
      blocked.countDown();
      release.await(timeout().toMillis(), TimeUnit.MILLISECONDS);
    }));
    List<RecordedEvent<?>> fast = new CopyOnWriteArrayList<>();
    Subscription other = track(store.subscribe(GlobalPosition.START, fast::add));
    try {
      store.append(STREAM, ExpectedVersion.any(), noted("first", 1));
      assertTrue(blocked.await(timeout().toMillis(), TimeUnit.MILLISECONDS));
      AppendResult more = store.append(STREAM, ExpectedVersion.any(), noted("more", 50));
      awaitHandled(other, more.lastPosition());
      assertEquals(51, fast.size());
    } finally {
      release.countDown();
    }
  }
}
