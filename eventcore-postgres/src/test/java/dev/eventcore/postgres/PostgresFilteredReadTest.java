package dev.eventcore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filtered reads run in the database and return exactly what filtering the whole log returns. */
class PostgresFilteredReadTest {
  private static final String[] CATEGORIES = {"order", "invoice", "user"};
  private static PostgresTestDatabase db;
  private static PostgresEventStore store;
  private static String numberedType;

  @BeforeAll
  static void fill() {
    db = PostgresTestDatabase.newSchema();
    store = db.builder().groupCommit(false).build();
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
      StreamId stream = StreamId.of(category, Integer.toString(random.nextInt(20)));
      EventData<?> event = random.nextBoolean()
          ? EventData.of(new TestEvent.Numbered(i))
          : EventData.of(new TestEvent.Rich("t", Instant.EPOCH, Optional.empty(), List.of(),
              BigDecimal.ONE));
      store.append(stream, ExpectedVersion.any(), List.of(event));
    }
    numberedType = store.readAll(GlobalPosition.START, 1000).stream()
        .filter(e -> e.payload() instanceof TestEvent.Numbered).findFirst().orElseThrow().type();
  }

  @AfterAll
  static void drop() throws Exception {
    store.close();
    db.close();
  }

  private static List<EventFilter> filters() {
    return List.of(EventFilter.categories("order"), EventFilter.categories("invoice", "user"),
        EventFilter.types(numberedType), EventFilter.types("rich").withCategories("user"),
        EventFilter.categories("nothing"));
  }

  @Test
  void pagingAFilteredReadReturnsExactlyTheMatchingEventsAndScansToTheHead() {
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 10_000);
    GlobalPosition head = all.get(all.size() - 1).position();
    for (EventFilter filter : filters()) {
      for (int pageSize : new int[] {1, 7, 50, 5000}) {
        List<RecordedEvent<?>> read = new ArrayList<>();
        GlobalPosition position = GlobalPosition.START;
        while (true) {
          LogPage page = store.readAll(position, pageSize, filter);
          assertTrue(page.events().size() <= pageSize);
          for (RecordedEvent<?> event : page.events()) {
            assertTrue(event.position().isAfter(position));
            assertTrue(filter.matches(event), event.describe() + " does not match " + filter);
          }
          read.addAll(page.events());
          if (!page.scannedTo().isAfter(position)) {
            break;
          }
          position = page.scannedTo();
        }
        List<RecordedEvent<?>> expected = all.stream().filter(filter::matches).toList();
        assertEquals(expected, read, filter + " with pages of " + pageSize);
        assertEquals(head, position, "a filtered read scans to the head: " + filter);
        assertEquals(expected.size(), store.countAfter(GlobalPosition.START, filter));
      }
    }
  }

  @Test
  void aFilteredPageFromTheMiddleHoldsEveryMatchUpToItsScannedBound() {
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 10_000);
    GlobalPosition middle = all.get(150).position();
    EventFilter filter = EventFilter.categories("user");
    LogPage page = store.readAll(middle, 10, filter);
    List<RecordedEvent<?>> expected = all.stream()
        .filter(e -> e.position().isAfter(middle) && !e.position().isAfter(page.scannedTo()))
        .filter(filter::matches).toList();
    assertEquals(expected, page.events());
    assertEquals(all.stream().filter(e -> e.position().isAfter(middle)).filter(filter::matches)
        .count(), store.countAfter(middle, filter));
  }

  @Test
  void aFilteredSubscriptionDeliversOnlyMatchesAndItsPositionReachesTheHead() throws Exception {
    List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 10_000);
    GlobalPosition head = all.get(all.size() - 1).position();
    EventFilter filter = EventFilter.categories("invoice");
    List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();
    try (Subscription subscription = store.subscribe(GlobalPosition.START, filter, seen::add)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (head.isAfter(subscription.position()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(head, subscription.position());
    }
    assertEquals(all.stream().filter(filter::matches).toList(), seen);
  }
}
