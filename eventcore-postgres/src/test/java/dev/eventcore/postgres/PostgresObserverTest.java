package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.observe.AppendOutcome;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store tells an observer: appends, encoding, reads, the horizon, the pool. */
class PostgresObserverTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong encodedBytes = new AtomicLong();
  private final AtomicLong longestStall = new AtomicLong();
  private final AtomicLong poolReports = new AtomicLong();
  private final Observer observer = new Observer() {
    @Override
    public void appended(AppendOutcome outcome, int streams, int events, long nanos) {
      calls.add("appended " + outcome + " " + events);
    }

    @Override
    public void encoded(int events, long bytes) {
      encodedBytes.addAndGet(bytes);
    }

    @Override
    public void read(ReadKind kind, int events, long nanos) {
      calls.add("read " + kind + " " + events);
    }

    @Override
    public void horizonStall(long nanos) {
      longestStall.accumulateAndGet(nanos, Math::max);
    }

    @Override
    public void poolUse(int active, int idle, int waiting) {
      poolReports.incrementAndGet();
    }
  };
  private PostgresTestDatabase db;
  private PostgresEventStore store;

  @BeforeEach
  void open() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().observer(observer).stallWarningAfter(Duration.ofMillis(200)).build();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    db.close();
  }

  @Test
  void appendsReadsAndTheirEncodedSizeAreReported() {
    StreamId stream = StreamId.of("obs-" + UUID.randomUUID());
    store.append(stream, ExpectedVersion.noStream(), List.of(
        EventData.of(new TestEvent.Numbered(1)), EventData.of(new TestEvent.Numbered(2))));
    assertThrows(WrongExpectedVersionException.class, () -> store.append(stream,
        ExpectedVersion.noStream(), List.of(EventData.of(new TestEvent.Numbered(3)))));
    store.readStream(stream);

    assertTrue(calls.contains("appended OK 2"), calls.toString());
    assertTrue(calls.contains("appended CONFLICT 1"), calls.toString());
    assertTrue(calls.contains("read STREAM 2"), calls.toString());
    assertTrue(encodedBytes.get() > 0);
  }

  @Test
  void aTransactionHoldingTheLogBackIsReportedAsAHorizonStallWithThePoolsUse() throws Exception {
    GlobalPosition start = store.append(StreamId.of("warmup-" + UUID.randomUUID()),
        ExpectedVersion.any(), List.of(EventData.of(new TestEvent.Numbered(0)))).lastPosition();
    try (Subscription subscription = store.subscribe(start, event -> { });
        Connection slow = PostgresTestDatabase.connect()) {
      slow.setAutoCommit(false);
      RawSql.append(slow, db.schema, "held-" + UUID.randomUUID(), UUID.randomUUID(), 1);
      store.append(StreamId.of("after-" + UUID.randomUUID()), ExpectedVersion.any(),
          List.of(EventData.of(new TestEvent.Numbered(2))));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (longestStall.get() < Duration.ofMillis(300).toNanos()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      slow.commit();
      assertTrue(subscription.isRunning());
    }
    assertTrue(longestStall.get() >= Duration.ofMillis(300).toNanos(),
        "stall reported: " + longestStall.get() + " ns");
    assertTrue(poolReports.get() > 0, "the store's own pool is reported");
    assertEquals(0, calls.stream().filter(call -> call.startsWith("appended ERROR")).count());
  }
}
