package dev.eventcore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventId;
import dev.eventcore.GlobalPosition;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.internal.WakeUpSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The log tailer on a list of events standing for a store's log. */
class LogTailerTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  /** A log in a list; reads are counted and can be held at a gate. */
  private static final class ListLog implements LogTailer.Source {
    final List<RecordedEvent<?>> events = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
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
      synchronized (this) {
        int from = (int) after.value();
        return List.copyOf(events.subList(from, Math.min(events.size(), from + maxCount)));
      }
    }

    @Override
    public boolean ownCommitsPendingAfter(GlobalPosition position) {
      return false;
    }

    @Override
    public Thread newThread(Runnable task, String name) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
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
}
