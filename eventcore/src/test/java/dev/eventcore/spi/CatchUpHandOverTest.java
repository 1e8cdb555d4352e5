package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.observe.Observer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hand-overs between a subscription's own reads and the log tailer under pressure: batches
 * queued behind a slow handler, an inbox that overflows, and the gap read when joining a tailer
 * that is far ahead.
 */
class CatchUpHandOverTest extends CatchUpFixture {
  @Test
  void whileLiveTheObserverHearsHowManyEventsWaitBehindEachBatch() throws Exception {
    log.append(2);
    List<String> heard = new ArrayList<>();
    Observer observer = new Observer() {
      @Override
      public synchronized void delivered(String subscription, int events, long backlog) {
        heard.add("delivered " + events + ", backlog " + backlog);
      }
    };
    CountDownLatch inThird = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder slow = new Recorder() {
      @Override
      public void handle(RecordedEvent<?> event) {
        super.handle(event);
        if (event.position().value() == 3) {
          inThird.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    CatchUpSubscription live = new CatchUpSubscription("live", EventFilter.all(), log, tailer,
        wakeUps, GlobalPosition.START, slow, 10, 1_000, s -> {}, observer);
    started.add(live);
    live.start();
    slow.awaitCaughtUp();
    CatchUpSubscription pace = subscribe(); // a second subscriber: when it has an event, the
    handler.awaitCaughtUp();                // tailer has handed that batch to both
    log.append(1);
    wakeUps.signal();
    assertTrue(inThird.await(WAIT.toSeconds(), TimeUnit.SECONDS), "event 3 not delivered");
    log.append(2);
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(5), WAIT));
    log.append(1);
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(6), WAIT)); // two batches queued behind 3
    slow.caughtUp = new CountDownLatch(1);
    release.countDown();
    slow.awaitCaughtUp();
    synchronized (observer) {
      assertEquals(List.of("delivered 2, backlog 0", "delivered 1, backlog 0",
          "delivered 2, backlog 1", "delivered 1, backlog 0"), heard,
          "its own read of 1 to 2, then each batch of the tailer with the events queued behind it");
    }
    assertEquals(GlobalPosition.of(6), live.position());
  }

  @Test
  void overflowingItsBufferItReadsOnByItselfAndIsToldItCaughtUpAgain() throws Exception {
    smallHeldAtThree();
    log.append("Skipped", 2); // queued: a batch of nothing it takes
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(5), WAIT));
    log.append("Noted", 2); // 2 more queued would make 4 in a buffer of 3: the tailer detaches it
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(7), WAIT));
    slow.caughtUp = new CountDownLatch(1);
    release.countDown();
    slow.awaitCaughtUp(); // 6 and 7 came from its own read only, and it is told all the same
    assertEquals(List.of("e1", "e2", "caughtUp", "e3", "caughtUp", "e6", "e7", "caughtUp"),
        slow.calls());
    assertEquals(GlobalPosition.of(7), small.position());
    assertTrue(small.isRunning());
  }

  /** Starts "behind" from the start once the tailer stands at 5; its first own read waits. */
  private CatchUpSubscription behindWithItsFirstReadHeld(Recorder recorder) throws Exception {
    log.append(5);
    subscribe();
    handler.awaitCaughtUp(); // the tailer stands at 5 and polls hourly
    log.readTaken = new CountDownLatch(1);
    log.readGate = new CountDownLatch(1);
    CatchUpSubscription behind = new CatchUpSubscription("behind", EventFilter.all(), log,
        tailer, wakeUps, GlobalPosition.START, recorder, 10, 1_000, s -> {}, Observer.NONE);
    started.add(behind);
    behind.start();
    assertTrue(log.readTaken.await(WAIT.toSeconds(), TimeUnit.SECONDS)); // it read 1 to 5
    handler.caughtUp = new CountDownLatch(1);
    return behind;
  }

  @Test
  void aGapLongerThanAPageAndReadPastTheTailerIsHandedOverWholeAndOnce() throws Exception {
    Recorder second = new Recorder();
    CatchUpSubscription behind = behindWithItsFirstReadHeld(second);
    log.append(25);
    wakeUps.signal();
    handler.awaitCaughtUp(); // the tailer moved on to 30
    log.append(2); // 31 and 32, not signalled: the tailer stays at 30, the gap read sees them
    log.readGate.countDown();
    second.awaitCaughtUp(); // 6 to 30 in three pages of its own
    second.caughtUp = new CountDownLatch(1);
    wakeUps.signal();
    second.awaitCaughtUp(); // 31 and 32 from the tailer
    List<String> expected = new ArrayList<>(events(1, 30));
    expected.add("caughtUp");
    expected.addAll(events(31, 32));
    expected.add("caughtUp");
    assertEquals(expected, second.calls(), "every event once, in order");
    assertEquals(GlobalPosition.of(32), behind.position());
  }

  @Test
  void aGapOfOnlyLeftOutEventsMovesThePositionToTheTailerAndGoesLive() throws Exception {
    log.filter = EventFilter.types("Noted");
    Recorder second = new Recorder();
    CatchUpSubscription behind = behindWithItsFirstReadHeld(second);
    log.append("Skipped", 25);
    wakeUps.signal();
    assertTrue(started.get(0).awaitPosition(GlobalPosition.of(30), WAIT)); // the tailer's
    log.readGate.countDown();
    assertTrue(behind.awaitPosition(GlobalPosition.of(30), WAIT), "stuck in the gap");
    second.awaitCaughtUp();
    second.caughtUp = new CountDownLatch(1);
    log.append(1);
    wakeUps.signal();
    second.awaitCaughtUp();
    List<String> expected = new ArrayList<>(events(1, 5));
    expected.add("caughtUp");
    expected.add("e31");
    expected.add("caughtUp");
    assertEquals(expected, second.calls());
  }

  @Test
  void reJoiningATailerAheadAfterAnOverflowOfLeftOutEventsItIsToldItCaughtUpAgain()
      throws Exception {
    smallHeldAtThree();
    log.append("Skipped", 2);
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(5), WAIT));
    log.append("Skipped", 2); // overflows: only left-out events, so its own read finds nothing
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(7), WAIT));
    log.readTaken = new CountDownLatch(1);
    log.readGate = new CountDownLatch(1);
    slow.caughtUp = new CountDownLatch(1);
    release.countDown();
    assertTrue(log.readTaken.await(WAIT.toSeconds(), TimeUnit.SECONDS)); // its read of 6 and 7
    log.append("Noted", 2);
    wakeUps.signal();
    assertTrue(pace.awaitPosition(GlobalPosition.of(9), WAIT)); // the tailer is at 9
    log.readGate.countDown();
    slow.awaitCaughtUp(); // 8 and 9 came from the gap read only, and it is told all the same
    assertEquals(List.of("e1", "e2", "caughtUp", "e3", "caughtUp", "e8", "e9", "caughtUp"),
        slow.calls());
    assertEquals(GlobalPosition.of(9), small.position());
  }

  /** Set by {@link #smallHeldAtThree}. */
  private CountDownLatch release = new CountDownLatch(0);
  private Recorder slow = new Recorder();
  private CatchUpSubscription small;
  private CatchUpSubscription pace;

  /**
   * Starts "small" (a buffer of 3 events; the log's filter keeps the type "Noted") and "pace" (when
   * it is at a position, so is the tailer), then appends event 3: "small" is told it caught up
   * there and stays in that {@code caughtUp()} until {@link #release}.
   */
  private void smallHeldAtThree() throws InterruptedException {
    log.filter = EventFilter.types("Noted");
    log.append(2);
    CountDownLatch inSecondCaughtUp = new CountDownLatch(1);
    release = new CountDownLatch(1);
    slow = holdingItsSecondCaughtUp(inSecondCaughtUp, release);
    small = new CatchUpSubscription("small", EventFilter.all(), log, tailer, wakeUps,
        GlobalPosition.START, slow, 10, 3, s -> {}, Observer.NONE);
    started.add(small);
    small.start();
    slow.awaitCaughtUp();
    pace = subscribe();
    handler.awaitCaughtUp();
    log.append(1);
    wakeUps.signal();
    assertTrue(inSecondCaughtUp.await(WAIT.toSeconds(), TimeUnit.SECONDS), "not caught up at 3");
  }

  /** A recorder whose second {@code caughtUp()} waits for {@code release}. */
  private static Recorder holdingItsSecondCaughtUp(CountDownLatch in, CountDownLatch release) {
    AtomicInteger caughtUps = new AtomicInteger();
    return new Recorder() {
      @Override
      public void caughtUp() {
        super.caughtUp();
        if (caughtUps.incrementAndGet() == 2) {
          in.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }
}
