package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The store reads its log once for all its subscriptions: with K live subscriptions, one append is
 * one log read (counted at the driver), not K; and no subscription thread waits for the store's
 * own commits to pass the horizon.
 */
class LogTailerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<EventFilter> FILTERS = List.of(
      EventFilter.all(), EventFilter.all(), EventFilter.categories("a"),
      EventFilter.categories("b"), EventFilter.types("Numbered"),
      EventFilter.categories("a", "b").withTypes("Numbered"));

  private static List<EventData<TestEvent>> events(int from, int count) {
    List<EventData<TestEvent>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(EventData.of(new TestEvent.Numbered(from + i)));
    }
    return events;
  }

  private static void awaitAll(List<Subscription> subscriptions, GlobalPosition position)
      throws InterruptedException {
    for (Subscription s : subscriptions) {
      assertTrue(s.awaitPosition(position, WAIT), s + " did not reach " + position);
    }
  }

  @Test
  void withSixLiveSubscriptionsEachAppendIsReadFromTheLogOnceNotSixTimes() throws Exception {
    LogReadCountingDataSource counting = new LogReadCountingDataSource();
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = PostgresEventStore.builder().dataSource(counting)
            .schema(db.schema()).eventTypes(EventTypes.of(TestEvent.class)).build()) {
      List<Subscription> subscriptions = new ArrayList<>();
      for (EventFilter filter : FILTERS) {
        subscriptions.add(store.subscribe(GlobalPosition.START, filter, event -> { }));
      }
      for (int warmUp = 0; warmUp < 2; warmUp++) { // each catches up by itself, then joins
        awaitAll(subscriptions, store.append(StreamId.of("a-warm"), ExpectedVersion.any(),
            events(0, 2)).lastPosition());
      }
      long readsBefore = counting.logReads();
      long withRowsBefore = counting.logReadsWithRows();
      int appends = 20;
      for (int i = 0; i < appends; i++) {
        StreamId stream = StreamId.of(i % 2 == 0 ? "a-1" : "b-1");
        AppendResult result = store.append(stream, ExpectedVersion.any(), events(i, 3));
        awaitAll(subscriptions, result.lastPosition());
      }
      long reads = counting.logReads() - readsBefore;
      long withRows = counting.logReadsWithRows() - withRowsBefore;
      System.out.printf("log reads with %d subscriptions: %d for %d appends (%.2f per append),"
          + " %d of them returning events%n", FILTERS.size(), reads, appends,
          (double) reads / appends, withRows);
      assertEquals(appends, withRows,
          "each append's events are read from the log exactly once, for all subscriptions");
      for (Subscription s : subscriptions) {
        s.close();
      }
    }
  }

  @Test
  void aCommitHeldBehindTheHorizonIsDeliveredWhenItPassesAndCaughtUpWaitsForIt()
      throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.newSchema();
        PostgresEventStore store = db.builder().pollInterval(Duration.ofHours(1)).build();
        Connection blocker = PostgresTestDatabase.connect()) {
      AppendResult first = store.append(StreamId.of("a-1"), ExpectedVersion.any(), events(0, 1));
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        s.execute("SELECT pg_current_xact_id()"); // an open transaction with an id: the horizon
      }
      AppendResult held = store.append(StreamId.of("a-1"), ExpectedVersion.any(), events(1, 1));
      List<String> heard = new CopyOnWriteArrayList<>();
      Subscription subscription = store.subscribe(GlobalPosition.START, new EventHandler() {
        @Override
        public void handle(RecordedEvent<?> event) {
          heard.add("event " + event.position());
        }

        @Override
        public void caughtUp() {
          heard.add("caught up");
        }
      });
      assertTrue(subscription.awaitPosition(first.lastPosition(), WAIT));
      Thread.sleep(300); // time to read the log, find the held commit missing, and not say caught up
      blocker.commit(); // nothing of this store signals now: only the tailer's look-again finds it
      assertTrue(subscription.awaitPosition(held.lastPosition(), WAIT),
          "the held commit was not delivered once the horizon passed it");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (heard.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(List.of("event " + first.lastPosition(), "event " + held.lastPosition(),
          "caught up"), heard, "caught up only once the store's own commit was handled");
      subscription.close();
    }
  }
}
