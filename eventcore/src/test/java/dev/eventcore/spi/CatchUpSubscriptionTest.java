package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreFailureException;
import dev.eventcore.TransientStoreException;
import dev.eventcore.observe.Observer;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.SubscriptionFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One subscription on a list of events standing for a store's log: its own reads, the hand-over to
 * the log tailer, what it tells the handler and the observer, and how it stops.
 */
class CatchUpSubscriptionTest extends CatchUpFixture {
  @Test
  void catchesUpInPagesThenTakesNewEventsFromTheTailerEachOnceInOrder()
      throws InterruptedException {
    log.append(25);
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertEquals(GlobalPosition.of(25), subscription.position());
    handler.caughtUp = new CountDownLatch(1);
    log.append(3);
    wakeUps.signal();
    handler.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 25));
    expected.add("caughtUp");
    expected.addAll(events(26, 28));
    expected.add("caughtUp");
    assertEquals(expected, handler.calls(), "each event once, caughtUp once after each catch-up");
    assertEquals(GlobalPosition.of(28), subscription.position());
    assertTrue(subscription.isRunning());
  }

  @Test
  void thePositionMovesPastTheEventsTheFilterLeavesOut() throws InterruptedException {
    log.filter = EventFilter.types("Kept");
    log.append("Kept", 1);
    log.append("Skipped", 14); // the page of 10 ends with events left out
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertEquals(GlobalPosition.of(15), subscription.position());
    handler.caughtUp = new CountDownLatch(1);
    log.append("Skipped", 2);
    log.append("Kept", 1);
    log.append("Skipped", 2);
    wakeUps.signal();
    assertTrue(subscription.awaitPosition(GlobalPosition.of(20), WAIT));
    handler.awaitCaughtUp();
    assertEquals(List.of("e1", "caughtUp", "e18", "caughtUp"), handler.calls());
    assertEquals(GlobalPosition.of(20), subscription.position());
  }

  @Test
  void onceCaughtUpItTakesNewEventsFromTheTailerWithoutReadingByItself()
      throws InterruptedException {
    log.append(3);
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    int ownReads = log.ownReads.get();
    handler.caughtUp = new CountDownLatch(1);
    log.append(3);
    wakeUps.signal();
    handler.awaitCaughtUp();
    assertEquals(GlobalPosition.of(6), subscription.position());
    assertEquals(ownReads, log.ownReads.get(), "the tailer's read is shared, not repeated");
    subscription.close();
    assertFalse(tailer.isRunning(), "its only subscription left: the tailer stopped");
  }

  @Test
  void joiningATailerThatIsAheadItReadsTheGapItselfAndNothingTwice() throws Exception {
    log.append(5);
    subscribe();
    handler.awaitCaughtUp(); // the tailer stands at 5
    Recorder second = new Recorder();
    log.readTaken = new CountDownLatch(1);
    log.readGate = new CountDownLatch(1);
    CatchUpSubscription behind = new CatchUpSubscription("behind", EventFilter.all(), log,
        tailer, wakeUps, GlobalPosition.START, second, 10, 1_000, s -> {}, Observer.NONE);
    started.add(behind);
    behind.start();
    assertTrue(log.readTaken.await(WAIT.toSeconds(), TimeUnit.SECONDS)); // it read 1 to 5
    handler.caughtUp = new CountDownLatch(1);
    log.append(3);
    wakeUps.signal();
    handler.awaitCaughtUp(); // the tailer moved on to 8
    log.readGate.countDown();
    second.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 8));
    expected.add("caughtUp");
    assertEquals(expected, second.calls(), "6 to 8 read by itself, each event once");
    assertEquals(GlobalPosition.of(8), behind.position());
  }

  @Test
  void joiningATailerThatIsBehindItDropsWhatItHandledAlready() throws Exception {
    log.append(5);
    subscribe();
    handler.awaitCaughtUp(); // the tailer stands at 5 and polls hourly
    log.append(3); // not signalled: the tailer stays at 5
    Recorder second = new Recorder();
    CatchUpSubscription ahead = new CatchUpSubscription("ahead", EventFilter.all(), log,
        tailer, wakeUps, GlobalPosition.START, second, 10, 1_000, s -> {}, Observer.NONE);
    started.add(ahead);
    ahead.start();
    second.awaitCaughtUp(); // it read 1 to 8 itself and joined the tailer at 5
    second.caughtUp = new CountDownLatch(1);
    log.append(1);
    wakeUps.signal(); // the tailer reads 6 to 9
    second.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 8));
    expected.add("caughtUp");
    expected.add("e9");
    expected.add("caughtUp");
    assertEquals(expected, second.calls(), "6 to 8 from the tailer were dropped, not repeated");
    assertTrue(ahead.isRunning());
    assertEquals(GlobalPosition.of(9), ahead.position());
  }

  @Test
  void aFilterThatMatchesNothingYetStillCatchesUp() throws InterruptedException {
    log.filter = EventFilter.types("Kept");
    log.append("Skipped", 3);
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertEquals(List.of("caughtUp"), handler.calls());
    assertTrue(subscription.awaitPosition(GlobalPosition.of(3), WAIT));
  }

  @Test
  void awaitingAPositionNotReachedInTimeIsFalse() throws InterruptedException {
    log.append(2);
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertFalse(subscription.awaitPosition(GlobalPosition.of(3), Duration.ofMillis(20)));
    assertTrue(subscription.isRunning());
  }

  @Test
  void anEmptyLogIsCaughtUpAtOnceAndStartsTheHandlerWithCaughtUp() throws InterruptedException {
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertEquals(List.of("caughtUp"), handler.calls());
    assertEquals(GlobalPosition.START, subscription.position());
  }

  @Test
  void whileTheStoresOwnCommitsAreNotReadableYetTheHandlerIsNotToldItCaughtUp()
      throws InterruptedException {
    log.append(3);
    log.pending = true;
    log.pendingAsked = new CountDownLatch(1);
    subscribe();
    assertTrue(log.pendingAsked.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    log.pending = false;
    log.append(1);
    wakeUps.signal();
    handler.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 4));
    expected.add("caughtUp");
    assertEquals(expected, handler.calls(), "caught up only once the pending commit was read");
  }

  @Test
  void theEventsOfASplitStoredEventMoveThePositionOnlyOnceTheLastOfThemIsHandled()
      throws InterruptedException {
    log.append(2);
    log.append(3, Metadata.empty().with(RecordedEvent.PART_KEY, "1/2"));
    log.append(3, Metadata.empty().with(RecordedEvent.PART_KEY, "2/2"));
    log.append(1);
    AtomicInteger parts = new AtomicInteger();
    handler.failOn = e -> e.position().value() == 3 && parts.incrementAndGet() == 2;
    CatchUpSubscription subscription = subscribe();
    assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(4), WAIT));
    assertEquals(GlobalPosition.of(2), subscription.position(),
        "the stored event at 3 was not completely handled: a restart delivers both parts again");
    SubscriptionFailedException failure = subscription.failure().orElseThrow();
    assertEquals(GlobalPosition.of(3), failure.position());
    assertEquals(List.of("e1", "e2", "e3", "e3"), handler.calls());
  }

  @Test
  void aHandlerFailureStopsItAtTheFailedEventAndTellsTheObserver() throws InterruptedException {
    log.append(5);
    handler.failOn = e -> e.position().value() == 3;
    List<String> failures = new ArrayList<>();
    CatchUpSubscription subscription = subscribe(GlobalPosition.START, new Observer() {
      @Override
      public void subscriptionFailed(String subscription, Throwable cause) {
        synchronized (failures) {
          failures.add(subscription + ": " + cause.getMessage());
        }
      }
    });
    SubscriptionFailedException thrown = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(5), WAIT));
    SubscriptionFailedException failure = subscription.failure().orElseThrow();
    assertSame(failure, thrown);
    assertEquals(GlobalPosition.of(3), failure.position());
    assertInstanceOf(IllegalStateException.class, failure.getCause());
    assertEquals(GlobalPosition.of(2), subscription.position());
    assertEquals(List.of("e1", "e2", "e3"), handler.calls());
    subscription.close();
    assertFalse(subscription.isRunning());
    synchronized (failures) {
      assertEquals(List.of("sub: " + failure.getMessage()), failures);
    }
    synchronized (stopped) {
      assertEquals(List.of(subscription), stopped, "its engine heard that it stopped");
    }
  }

  @Test
  void aFailureOfCaughtUpStopsIt() throws InterruptedException {
    log.append(2);
    handler.failOnCaughtUp = true;
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    SubscriptionFailedException failure = subscription.failure().orElseThrow();
    assertEquals(GlobalPosition.of(2), failure.position());
    assertTrue(failure.getMessage().contains("catching up"), failure.getMessage());
  }

  @Test
  void aRetryableReadFailureIsRetriedAndNothingIsLostOrRepeated() throws InterruptedException {
    log.append(15);
    log.ownReadFailures.add(new TransientStoreException("connection lost", null, false));
    log.ownReadFailures.add(new TransientStoreException("connection lost again", null, false));
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 15));
    expected.add("caughtUp");
    assertEquals(expected, handler.calls());
    assertTrue(subscription.failure().isEmpty());
    assertTrue(log.ownReads.get() >= 4, "two failed reads, then two pages: " + log.ownReads);
  }

  @Test
  void aReadFailureThatIsNotRetryableStopsItAtItsPosition() throws InterruptedException {
    log.append(3);
    StoreFailureException cause = new StoreFailureException("permission denied", null);
    log.ownReadFailures.add(cause);
    CatchUpSubscription subscription = subscribe(GlobalPosition.of(1), Observer.NONE);
    SubscriptionFailedException thrown = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    assertSame(cause, thrown.getCause());
    assertEquals(GlobalPosition.of(1), thrown.position());
    assertEquals(List.of(), handler.calls());
    assertEquals(1, log.ownReads.get(), "not retried");
  }

  @Test
  void anUnexpectedExceptionOfAReadStopsItAndTellsTheObserver() throws InterruptedException {
    log.append(3);
    IllegalArgumentException cause = new IllegalArgumentException("bug in the adapter");
    log.ownReadFailures.add(cause);
    List<Throwable> failures = new ArrayList<>();
    CatchUpSubscription subscription = subscribe(GlobalPosition.START, new Observer() {
      @Override
      public void subscriptionFailed(String subscription, Throwable failure) {
        synchronized (failures) {
          failures.add(failure);
        }
      }
    });
    SubscriptionFailedException thrown = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    assertSame(cause, thrown.getCause());
    assertEquals(GlobalPosition.START, thrown.position());
    subscription.close();
    synchronized (failures) {
      assertEquals(List.of(thrown), failures);
    }
  }

  @Test
  void aPositionThatDoesNotMoveOnStopsItInsteadOfDeliveringAgain() throws InterruptedException {
    log.append(2);
    log.append(2, Metadata.empty()); // a second event at position 2: a broken store
    log.append(1);
    CatchUpSubscription subscription = subscribe();
    SubscriptionFailedException thrown = assertThrows(SubscriptionFailedException.class,
        () -> subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    assertEquals(GlobalPosition.of(2), thrown.position());
    assertInstanceOf(IllegalStateException.class, thrown.getCause());
    assertTrue(thrown.getCause().getMessage().contains("strictly increase"),
        thrown.getCause().getMessage());
    assertEquals(List.of("e1", "e2"), handler.calls());
  }

  @Test
  void awaitPositionIsTrueAtTheTargetAndFalseOnceClosed() throws InterruptedException {
    log.append(3);
    CatchUpSubscription subscription = subscribe();
    assertTrue(subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    subscription.close();
    assertFalse(subscription.isRunning());
    assertFalse(subscription.awaitPosition(GlobalPosition.of(4), WAIT), "closed: never reached");
    assertTrue(subscription.failure().isEmpty(), "closing is no failure");
    assertTrue(subscription.toString().contains("stopped"), subscription.toString());
  }

  /** Waits on another thread for {@code target}, an hour at most; returns once it waits. */
  private static CompletableFuture<Boolean> waitingFor(CatchUpSubscription subscription,
      GlobalPosition target) {
    CompletableFuture<Boolean> reached = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        reached.complete(subscription.awaitPosition(target, Duration.ofHours(1)));
      } catch (Throwable e) {
        reached.completeExceptionally(e);
      }
    });
    waiter.setDaemon(true);
    waiter.start();
    while (waiter.getState() != Thread.State.TIMED_WAITING && !reached.isDone()) {
      Thread.onSpinWait();
    }
    return reached;
  }

  @Test
  void aWaiterForAPositionHearsAtOnceThatTheSubscriptionWasClosed() throws Exception {
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    CompletableFuture<Boolean> reached = waitingFor(subscription, GlobalPosition.of(5));
    subscription.close();
    assertFalse(reached.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void aWaiterForAPositionHearsAtOnceThatTheSubscriptionFailed() throws Exception {
    handler.failOn = e -> true;
    CatchUpSubscription subscription = subscribe();
    handler.awaitCaughtUp();
    CompletableFuture<Boolean> reached = waitingFor(subscription, GlobalPosition.of(5));
    log.append(1);
    wakeUps.signal();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> reached.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(SubscriptionFailedException.class, e.getCause());
    assertEquals(GlobalPosition.of(1), ((SubscriptionFailedException) e.getCause()).position());
  }

  @Test
  void toStringNamesItsFilterAndPosition() throws InterruptedException {
    log.append(2);
    CatchUpSubscription subscription = subscribe();
    assertTrue(subscription.awaitPosition(GlobalPosition.of(2), WAIT));
    String text = subscription.toString();
    assertTrue(text.startsWith("Subscription[sub on " + EventFilter.all() + " at "), text);
    assertTrue(text.contains(String.valueOf(GlobalPosition.of(2))), text);
    assertFalse(text.contains("stopped"), text);
  }

  @Test
  void closeWithATimeoutRefusesANegativeOne() {
    CatchUpSubscription subscription = subscribe();
    assertThrows(IllegalArgumentException.class, () -> subscription.close(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> subscription.close(null));
    assertTrue(subscription.close(WAIT));
    assertFalse(subscription.isRunning());
  }

  @Test
  void aHandlerThatDoesNotReturnIsInterruptedAndItsEventStaysUnhandled()
      throws InterruptedException {
    log.append(2);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Recorder blocking = new Recorder() {
      @Override
      public void handle(RecordedEvent<?> event) {
        super.handle(event);
        if (event.position().value() == 2) {
          entered.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw new IllegalStateException("interrupted", e);
          }
        }
      }
    };
    CatchUpSubscription subscription = new CatchUpSubscription("sub", EventFilter.all(), log,
        tailer, wakeUps, GlobalPosition.START, blocking, 10, 1_000, s -> {}, Observer.NONE);
    started.add(subscription);
    subscription.start();
    assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertFalse(subscription.close(Duration.ZERO), "the handler did not return");
    assertTrue(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "its thread was interrupted");
    subscription.close();
    assertTrue(subscription.failure().isEmpty(), "a handler failing after close is no failure");
    assertEquals(GlobalPosition.of(1), subscription.position());
  }

  @Test
  void closingFromItsOwnHandlerReturnsAtOnce() throws InterruptedException {
    log.append(3);
    List<Boolean> closed = new ArrayList<>();
    CatchUpSubscription[] self = new CatchUpSubscription[1];
    CountDownLatch created = new CountDownLatch(1);
    EventHandler closing = event -> {
      created.await();
      synchronized (closed) {
        closed.add(self[0].close(WAIT));
      }
    };
    CatchUpSubscription subscription = new CatchUpSubscription("sub", EventFilter.all(), log,
        tailer, wakeUps, GlobalPosition.START, closing, 10, 1_000, s -> {}, Observer.NONE);
    self[0] = subscription;
    started.add(subscription);
    subscription.start();
    created.countDown();
    assertFalse(subscription.awaitPosition(GlobalPosition.of(3), WAIT));
    subscription.close(); // waits for the handler's close to return
    synchronized (closed) {
      assertEquals(List.of(true), closed, "one event handled, its close returned true");
    }
    assertTrue(subscription.failure().isEmpty());
  }

  @Test
  void theObserverHearsOfEachPageWithTheBacklogKnownAndOfCatchingUp()
      throws InterruptedException {
    log.append(14);
    List<String> heard = new ArrayList<>();
    Observer observer = new Observer() {
      @Override
      public synchronized void delivered(String subscription, int events, long backlog) {
        heard.add(subscription + " delivered " + events + ", backlog " + backlog);
      }

      @Override
      public synchronized void caughtUp(String subscription) {
        heard.add(subscription + " caught up");
      }
    };
    subscribe(GlobalPosition.START, observer);
    handler.awaitCaughtUp();
    synchronized (observer) {
      assertEquals(List.of("sub delivered 10, backlog -1", "sub delivered 4, backlog 0",
          "sub caught up"), heard, "a full page: more may follow; a short one: nothing more");
    }
  }
}
