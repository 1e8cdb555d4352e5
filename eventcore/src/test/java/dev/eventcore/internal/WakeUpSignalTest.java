package dev.eventcore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakeUpSignalTest {

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS), "waiter threads did not stop");
  }

  @Test
  void signalMovesTheSequence() {
    WakeUpSignal signal = new WakeUpSignal();
    long before = signal.sequence();
    signal.signal();
    signal.signal();
    assertEquals(before + 2, signal.sequence());
  }

  @Test
  void awaitReturnsAtOnceWhenTheSequenceHasAlreadyMoved() throws InterruptedException {
    WakeUpSignal signal = new WakeUpSignal();
    long seen = signal.sequence();
    signal.signal(); // a commit between reading the sequence and waiting: not lost
    long start = System.nanoTime();
    assertTrue(signal.await(seen, 10, TimeUnit.SECONDS));
    assertTrue(elapsedMillis(start) < 1_000, "await blocked although the sequence had moved");
  }

  @Test
  void awaitTimesOutWhenNothingIsSignalled() throws InterruptedException {
    WakeUpSignal signal = new WakeUpSignal();
    long start = System.nanoTime();
    assertFalse(signal.await(signal.sequence(), 100, TimeUnit.MILLISECONDS));
    long elapsed = elapsedMillis(start);
    assertTrue(elapsed >= 95, "returned after " + elapsed + " ms, before the timeout");
    assertTrue(elapsed < 5_000, "returned after " + elapsed + " ms");
  }

  @Test
  void awaitWithNoTimeLeftReturnsAtOnce() throws InterruptedException {
    WakeUpSignal signal = new WakeUpSignal();
    assertFalse(signal.await(signal.sequence(), 0));
    assertFalse(signal.await(signal.sequence(), -1));
  }

  @Test
  void aSignalFromAnotherThreadWakesAWaiter() throws Exception {
    WakeUpSignal signal = new WakeUpSignal();
    long seen = signal.sequence();
    CountDownLatch started = new CountDownLatch(1);
    Future<Long> waited =
        threads.submit(
            () -> {
              started.countDown();
              long start = System.nanoTime();
              assertTrue(signal.await(seen, 30, TimeUnit.SECONDS));
              return elapsedMillis(start);
            });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    Thread.sleep(100); // let it block
    signal.signal();
    long elapsed = waited.get(5, TimeUnit.SECONDS);
    assertTrue(elapsed < 10_000, "woken after " + elapsed + " ms");
  }

  @Test
  void oneSignalWakesEveryWaiter() throws Exception {
    WakeUpSignal signal = new WakeUpSignal();
    long seen = signal.sequence();
    CountDownLatch started = new CountDownLatch(4);
    List<Future<Boolean>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiters.add(
          threads.submit(
              () -> {
                started.countDown();
                return signal.await(seen, 30, TimeUnit.SECONDS);
              }));
    }
    assertTrue(started.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    signal.signal();
    for (Future<Boolean> waiter : waiters) {
      assertTrue(waiter.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aWaiterStaysBlockedUntilSignalled() throws Exception {
    WakeUpSignal signal = new WakeUpSignal();
    long seen = signal.sequence();
    Future<Boolean> waited = threads.submit(() -> signal.await(seen, 30, TimeUnit.SECONDS));
    assertThrows(TimeoutException.class, () -> waited.get(200, TimeUnit.MILLISECONDS));
    signal.signal();
    assertTrue(waited.get(5, TimeUnit.SECONDS));
  }

  @Test
  void anInterruptedWaiterStopsWaiting() throws Exception {
    WakeUpSignal signal = new WakeUpSignal();
    long seen = signal.sequence();
    CountDownLatch started = new CountDownLatch(1);
    Future<Class<?>> waited =
        threads.submit(
            () -> {
              started.countDown();
              try {
                signal.await(seen, 30, TimeUnit.SECONDS);
                return null;
              } catch (InterruptedException e) {
                return e.getClass();
              }
            });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    threads.shutdownNow(); // interrupts the waiter
    assertEquals(InterruptedException.class, waited.get(5, TimeUnit.SECONDS));
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
