package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreFailureException;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.internal.WakeUpSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The log tailer on a list of events standing for a store's log. */
class LogTailerTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  /**
   * A log in a list; reads are counted, can be held at a gate and made to fail, and the threads
   * made are kept.
   */
  private static final class ListLog implements LogTailer.Source {
    final List<RecordedEvent<?>> events = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    /** Failures the next reads throw, one each. */
    final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    volatile boolean pending;
    volatile CountDownLatch entered = new CountDownLatch(0);
    volatile CountDownLatch gate = new CountDownLatch(0);

    synchronized void append(int count) {
      for (int i = 0; i < count; i++) {
        long n = events.size() + 1;
        events.add(new RecordedEvent<>(GlobalPosition.of(n), StreamId.of("s-1"), Version.of(n),
            EventId.random(), "Noted", "e" + n, Metadata.empty(), Instant.EPOCH));
      }
    }

    @Override
    public List<RecordedEvent<?>> readStored(GlobalPosition after, int maxCount) {
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reads.incrementAndGet();
      RuntimeException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
      synchronized (this) {
        int from = (int) after.value();
        return List.copyOf(events.subList(from, Math.min(events.size(), from + maxCount)));
      }
    }

    @Override
    public boolean ownCommitsPendingAfter(GlobalPosition position) {
      return pending;
    }

    @Override
    public Thread newThread(Runnable task, String name) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      threads.add(thread);
      return thread;
    }
  }

  private static List<RecordedEvent<?>> drain(SubscriberInbox inbox, int events)
      throws InterruptedException {
    List<RecordedEvent<?>> got = new ArrayList<>();
    while (got.size() < events) {
      TailBatch batch = inbox.take(() -> false);
      assertNotNull(batch, "detached before " + events + " events arrived");
      got.addAll(batch.events());
    }
    return got;
  }

  /** The next batch of {@code inbox}, or null once it is detached and drained; 10 s at most. */
  private static @Nullable TailBatch next(SubscriberInbox inbox) throws Exception {
    CompletableFuture<@Nullable TailBatch> taken = new CompletableFuture<>();
    Thread taker = new Thread(() -> {
      try {
        taken.complete(inbox.take(() -> false));
      } catch (Throwable e) {
        taken.completeExceptionally(e);
      }
    });
    taker.setDaemon(true);
    taker.start();
    return taken.get(10, TimeUnit.SECONDS);
  }

  private static String describe(@Nullable TailBatch batch) {
    if (batch == null) {
      return "detached";
    }
    return batch.after().value() + ".." + batch.to().value() + " (" + batch.events().size()
        + (batch.atEnd() ? " events, at the end)" : " events)");
  }

  private static List<String> batchesUntilTheEnd(SubscriberInbox inbox) throws Exception {
    List<String> got = new ArrayList<>();
    TailBatch batch;
    do {
      batch = next(inbox);
      got.add(describe(batch));
    } while (batch != null && !batch.atEnd());
    return got;
  }

  @Test
  void startsWithTheFirstInboxAndStopsWithTheLast() throws InterruptedException {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    LogTailer tailer = new LogTailer("t", log, wakeUps, 100, HOUR);
    assertFalse(tailer.isRunning());
    SubscriberInbox first = new SubscriberInbox(1_000);
    SubscriberInbox second = new SubscriberInbox(1_000);
    assertEquals(GlobalPosition.START, tailer.attach(first, GlobalPosition.START));
    tailer.attach(second, GlobalPosition.START);
    assertTrue(tailer.isRunning());
    log.append(3);
    wakeUps.signal();
    assertEquals(drain(first, 3), drain(second, 3), "both get the same events, read once");
    tailer.detach(first);
    assertTrue(tailer.isRunning());
    tailer.detach(second);
    assertFalse(tailer.isRunning());
    tailer.close();
  }

  @Test
  void withACoalescingIntervalASteadyStreamOfAppendsIsReadAtMostOncePerInterval()
      throws InterruptedException {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    long interval = TimeUnit.MILLISECONDS.toNanos(100);
    LogTailer tailer = new LogTailer("t", log, wakeUps, 1_000, HOUR, interval);
    SubscriberInbox inbox = new SubscriberInbox(10_000);
    tailer.attach(inbox, GlobalPosition.START);
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 250; i++) { // about 500 ms of appends, one every 2 ms
        log.append(1);
        wakeUps.signal();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    long start = System.nanoTime();
    writer.start();
    List<RecordedEvent<?>> got = drain(inbox, 250);
    long elapsed = System.nanoTime() - start;
    writer.join();
    for (int i = 0; i < got.size(); i++) {
      assertEquals(i + 1, got.get(i).position().value(), "in log order, each event once");
    }
    // one read per started interval at most, plus the first read and the one that found the end
    long allowed = elapsed / interval + 3;
    assertTrue(log.reads.get() <= allowed, "250 appends over " + elapsed / 1_000_000
        + " ms took " + log.reads.get() + " reads; at most " + allowed + " expected");
    tailer.close();
  }

  @Test
  void withoutACoalescingIntervalEachWakeUpAfterAReadReadsAgain() throws InterruptedException {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    LogTailer tailer = new LogTailer("t", log, wakeUps, 1_000, HOUR, 0);
    SubscriberInbox inbox = new SubscriberInbox(10_000);
    tailer.attach(inbox, GlobalPosition.START);
    for (int i = 0; i < 20; i++) {
      log.append(1);
      wakeUps.signal();
      assertEquals(1, drain(inbox, 1).size(), "append " + (i + 1) + " delivered on its own");
    }
    assertTrue(log.reads.get() >= 20, "a read per delivered append: " + log.reads.get());
    tailer.close();
  }

  @Test
  void aBurstOfWakeUpsDuringAReadCostsOneMoreReadNotOnePerWakeUp() throws InterruptedException {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    LogTailer tailer = new LogTailer("t", log, wakeUps, 1_000, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(10_000);
    tailer.attach(inbox, GlobalPosition.START);
    drain(inbox, 0);
    while (log.reads.get() == 0) {
      Thread.sleep(1);
    }
    log.entered = new CountDownLatch(1);
    log.gate = new CountDownLatch(1);
    wakeUps.signal();
    assertTrue(log.entered.await(10, TimeUnit.SECONDS), "the tailer did not read on a wake-up");
    int before = log.reads.get();
    for (int i = 0; i < 50; i++) {
      log.append(1);
      wakeUps.signal();
    }
    log.gate.countDown();
    assertEquals(50, drain(inbox, 50).size());
    Thread.sleep(100);
    assertTrue(log.reads.get() - before <= 2,
        "50 wake-ups during one read caused " + (log.reads.get() - before) + " reads");
    tailer.close();
  }

  @Test
  void anInboxThatCannotTakeABatchIsDetachedAndTheOthersGoOn() throws InterruptedException {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    LogTailer tailer = new LogTailer("t", log, wakeUps, 10, HOUR);
    SubscriberInbox small = new SubscriberInbox(15);
    SubscriberInbox large = new SubscriberInbox(1_000);
    tailer.attach(small, GlobalPosition.START);
    tailer.attach(large, GlobalPosition.START);
    log.append(40);
    wakeUps.signal();
    assertEquals(40, drain(large, 40).size());
    int got = 0;
    for (TailBatch batch; (batch = small.take(() -> false)) != null; ) {
      got += batch.events().size();
    }
    assertTrue(got < 40, "the small inbox was detached after " + got + " events");
    assertTrue(tailer.isRunning(), "the tailer goes on for the other inbox");
    tailer.close();
    assertFalse(tailer.isRunning());
  }

  @Test
  void aFullPageIsReadOnAtOnceAndTheEndIsMarkedOnceByAnEmptyRead() throws Exception {
    ListLog log = new ListLog();
    log.append(20);
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    assertEquals(GlobalPosition.START, tailer.attach(inbox, GlobalPosition.START));
    assertEquals(List.of("0..0 (0 events)", "0..10 (10 events)", "10..20 (10 events)",
        "20..20 (0 events, at the end)"), batchesUntilTheEnd(inbox),
        "two full pages are not the end: it reads on without a wake-up");
    tailer.close();
  }

  @Test
  void aShortPageIsTheEnd() throws Exception {
    ListLog log = new ListLog();
    log.append(4);
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "0..4 (4 events, at the end)"),
        batchesUntilTheEnd(inbox));
    tailer.close();
  }

  @Test
  void restartedAfterTheLastInboxLeftItStartsAtTheNewInboxsPosition() throws Exception {
    ListLog log = new ListLog();
    WakeUpSignal wakeUps = new WakeUpSignal();
    log.append(3);
    LogTailer tailer = new LogTailer("t", log, wakeUps, 10, HOUR);
    SubscriberInbox first = new SubscriberInbox(1_000);
    tailer.attach(first, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "0..3 (3 events, at the end)"),
        batchesUntilTheEnd(first));
    tailer.detach(first);
    assertFalse(tailer.isRunning());
    log.append(5);
    SubscriberInbox second = new SubscriberInbox(1_000);
    assertEquals(GlobalPosition.of(6), tailer.attach(second, GlobalPosition.of(6)));
    assertEquals(List.of("6..6 (0 events)", "6..8 (2 events, at the end)"),
        batchesUntilTheEnd(second), "not at the end until it read from there");
    tailer.close();
  }

  @Test
  void itsThreadEndsWhenTheLastInboxDetaches() throws Exception {
    ListLog log = new ListLog();
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    batchesUntilTheEnd(inbox);
    assertEquals(1, log.threads.size());
    Thread thread = log.threads.get(0);
    tailer.detach(inbox);
    assertFalse(tailer.isRunning());
    assertNull(next(inbox), "the detached inbox tells its subscription to read by itself");
    thread.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(thread.isAlive(), "woken to end, not left waiting for the next poll");
    tailer.close();
  }

  @Test
  void detachingAnInboxItDoesNotHaveLeavesItRunning() throws Exception {
    ListLog log = new ListLog();
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    batchesUntilTheEnd(inbox);
    tailer.detach(new SubscriberInbox(1_000));
    assertTrue(tailer.isRunning());
    log.append(1);
    tailer.close();
    assertFalse(tailer.isRunning());
  }

  @Test
  void closeWaitsForAReadInProgress() throws Exception {
    ListLog log = new ListLog();
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    log.entered = new CountDownLatch(1);
    log.gate = new CountDownLatch(1);
    tailer.attach(new SubscriberInbox(1_000), GlobalPosition.START);
    assertTrue(log.entered.await(10, TimeUnit.SECONDS));
    Thread closer = new Thread(tailer::close);
    closer.setDaemon(true);
    closer.start();
    while (closer.isAlive() && closer.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    assertTrue(closer.isAlive(), "close() returned while the tailer was still reading");
    log.gate.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(closer.isAlive());
    assertFalse(log.threads.get(0).isAlive());
  }

  @Test
  void afterAFailedReadDetachedEveryInboxTheNextLastDetachStopsItAgain() throws Exception {
    ListLog log = new ListLog();
    log.append(3);
    log.failures.add(new StoreFailureException("permission denied", null));
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox first = new SubscriberInbox(1_000);
    tailer.attach(first, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "detached"), batchesUntilTheEnd(first));
    log.entered = new CountDownLatch(1);
    log.gate = new CountDownLatch(1); // the new thread's first read waits
    SubscriberInbox again = new SubscriberInbox(1_000);
    tailer.attach(again, GlobalPosition.START);
    assertTrue(log.entered.await(10, TimeUnit.SECONDS));
    assertTrue(tailer.isRunning());
    tailer.detach(again);
    assertFalse(tailer.isRunning(), "the inboxes of before the failure are gone");
    log.gate.countDown();
    tailer.close();
  }

  @Test
  void attachingToAClosedTailerDetachesTheInboxAtOnce() throws Exception {
    ListLog log = new ListLog();
    log.append(3);
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    tailer.close();
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    assertEquals(GlobalPosition.of(2), tailer.attach(inbox, GlobalPosition.of(2)));
    assertNull(next(inbox), "detached: the subscription reads by itself");
    assertFalse(tailer.isRunning());
    assertEquals(List.of(), log.threads, "no thread started");
  }

  @Test
  void closingDetachesEveryInboxAndEndsTheThread() throws Exception {
    ListLog log = new ListLog();
    log.append(2);
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    batchesUntilTheEnd(inbox);
    tailer.close();
    assertNull(next(inbox));
    assertFalse(tailer.isRunning());
    assertFalse(log.threads.get(0).isAlive(), "close waits for the thread");
  }

  @Test
  void aRetryableReadFailureIsRetriedWithTheInboxesStillAttached() throws Exception {
    ListLog log = new ListLog();
    log.append(3);
    log.failures.add(new TransientStoreException("connection lost", null, false));
    log.failures.add(new TransientStoreException("connection lost again", null, false));
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "0..3 (3 events, at the end)"),
        batchesUntilTheEnd(inbox));
    assertTrue(tailer.isRunning());
    assertEquals(3, log.reads.get(), "two failed reads, then the one that found the events");
    tailer.close();
  }

  @Test
  void aReadFailureThatIsNotRetryableDetachesEveryInboxToReadByItself() throws Exception {
    ListLog log = new ListLog();
    log.append(3);
    log.failures.add(new StoreFailureException("permission denied", null));
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox first = new SubscriberInbox(1_000);
    SubscriberInbox second = new SubscriberInbox(1_000);
    log.gate = new CountDownLatch(1); // the failing read waits for both inboxes
    tailer.attach(first, GlobalPosition.START);
    tailer.attach(second, GlobalPosition.START);
    log.gate.countDown();
    assertEquals(List.of("0..0 (0 events)", "detached"), batchesUntilTheEnd(first));
    assertEquals(List.of("0..0 (0 events)", "detached"), batchesUntilTheEnd(second));
    assertFalse(tailer.isRunning());
    assertEquals(1, log.reads.get(), "not retried");
    tailer.close();
  }

  @Test
  void anUnexpectedExceptionOfAReadDetachesEveryInboxToo() throws Exception {
    ListLog log = new ListLog();
    log.append(3);
    log.failures.add(new IllegalStateException("bug in the adapter"));
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "detached"), batchesUntilTheEnd(inbox));
    assertFalse(tailer.isRunning());
    tailer.close();
  }

  @Test
  void whileTheStoresOwnCommitsAreNotReadableYetItLooksAgainWithoutAWakeUp() throws Exception {
    ListLog log = new ListLog();
    log.append(1);
    log.pending = true;
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(1_000);
    tailer.attach(inbox, GlobalPosition.START);
    assertEquals(List.of("0..0 (0 events)", "0..1 (1 events, at the end)"),
        batchesUntilTheEnd(inbox));
    log.append(2); // committed, no wake-up: the poll interval is an hour
    assertEquals(List.of("1..3 (2 events, at the end)"), batchesUntilTheEnd(inbox));
    tailer.close();
  }

  @Test
  void whenItsOnlyInboxOverflowsTheTailerStops() throws Exception {
    ListLog log = new ListLog();
    log.append(30);
    LogTailer tailer = new LogTailer("t", log, new WakeUpSignal(), 10, HOUR);
    SubscriberInbox inbox = new SubscriberInbox(5);
    tailer.attach(inbox, GlobalPosition.START); // the marker stays queued: 10 more do not fit
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tailer.isRunning() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertFalse(tailer.isRunning(), "no inbox left");
    assertEquals(List.of("0..0 (0 events)", "detached"), batchesUntilTheEnd(inbox));
    tailer.close();
  }
}
