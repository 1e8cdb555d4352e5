package dev.eventcore.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listing streams ({@link EventStore#streams}): what a query selects, each stream's version and
 * last write time, the order (code points, whatever the database collation) and paging.
 *
 * @since 0.1.0
 */
public abstract class StreamListingContract extends StoreContract {
  /** Ids chosen where prefixes, categories and orders are easy to get wrong. */
  private static final List<String> IDS = List.of(
      "order-1", "order-10", "order-1x", "order-2", "order", "order1", "orders-1", "orderline-1",
      "Order-3", "cart-7", "order-\uFF01", "order-\uD83D\uDE00", "order-\u00E9t\u00E9", "order_9");

  private EventStore storeWithStreams() {
    EventStore store = openStore();
    int n = 0;
    for (String id : IDS) {
      store.append(StreamId.of(id), ExpectedVersion.noStream(), noted(id, 1 + n++ % 3));
    }
    return store;
  }

  private static List<String> ids(List<StreamInfo> listed) {
    List<String> ids = new ArrayList<>();
    for (StreamInfo info : listed) {
      ids.add(info.stream().value());
    }
    return ids;
  }

  /** {@code ids} as the listing orders them: by code point. */
  private static List<String> sorted(List<String> ids) {
    List<StreamId> streams = new ArrayList<>();
    for (String id : ids) {
      streams.add(StreamId.of(id));
    }
    streams.sort(StreamQuery.ID_ORDER);
    List<String> out = new ArrayList<>();
    for (StreamId stream : streams) {
      out.add(stream.value());
    }
    return out;
  }

  @Test
  void anEmptyStoreListsNoStream() {
    assertEquals(List.of(), openStore().streams(StreamQuery.all()));
  }

  @Test
  void everyStreamIsListedOnceWithItsVersionAndItsLastEventsTime() {
    EventStore store = storeWithStreams();
    List<StreamInfo> listed = store.streams(StreamQuery.all());
    assertEquals(sorted(IDS), ids(listed));
    for (StreamInfo info : listed) {
      List<RecordedEvent<?>> events = store.readStream(info.stream());
      RecordedEvent<?> last = events.get(events.size() - 1);
      assertEquals(store.currentVersion(info.stream()), info.version(), info.toString());
      assertEquals(last.recordedAt(), info.lastRecordedAt(), info.toString());
    }
  }

  @Test
  void theOrderIsByCodePointNotByUtf16UnitsOrCollation() {
    List<String> listed = ids(storeWithStreams().streams(StreamQuery.startingWith("order-")));
    // U+FF01 sorts before U+1F600 by code point (in UTF-16 units the emoji's surrogate is lower)
    assertEquals(List.of("order-1", "order-10", "order-1x", "order-2", "order-\u00E9t\u00E9",
        "order-\uFF01", "order-\uD83D\uDE00"), listed);
  }

  @Test
  void aPrefixListsTheIdsStartingWithIt() {
    EventStore store = storeWithStreams();
    assertEquals(List.of("order-1", "order-10", "order-1x"),
        ids(store.streams(StreamQuery.startingWith("order-1"))));
    assertEquals(List.of("order-10"), ids(store.streams(StreamQuery.startingWith("order-10"))));
    assertEquals(List.of("Order-3"), ids(store.streams(StreamQuery.startingWith("O"))));
    assertEquals(List.of(), ids(store.streams(StreamQuery.startingWith("order-100"))));
    assertEquals(List.of(), ids(store.streams(StreamQuery.startingWith("zzz"))));
    assertEquals(List.of("order-\uD83D\uDE00"),
        ids(store.streams(StreamQuery.startingWith("order-\uD83D\uDE00"))));
  }

  @Test
  void aCategoryListsTheStreamsWhoseCategoryItIs() {
    EventStore store = storeWithStreams();
    List<String> orders = new ArrayList<>();
    for (String id : IDS) {
      if (StreamId.of(id).category().equals("order")) {
        orders.add(id);
      }
    }
    assertEquals(sorted(orders), ids(store.streams(StreamQuery.inCategory("order"))));
    assertEquals(List.of("cart-7"), ids(store.streams(StreamQuery.inCategory("cart"))));
    assertEquals(List.of("orders-1"), ids(store.streams(StreamQuery.inCategory("orders"))));
    assertEquals(List.of("order1"), ids(store.streams(StreamQuery.inCategory("order1"))));
    assertEquals(List.of(), ids(store.streams(StreamQuery.inCategory("ord"))));
  }

  @Test
  void aPrefixAndACategoryTogetherListWhatBothSelect() {
    EventStore store = storeWithStreams();
    assertEquals(List.of("order-1", "order-10", "order-1x"),
        ids(store.streams(StreamQuery.inCategory("order").withPrefix("order-1"))));
    assertEquals(List.of("order", "order-1", "order-10", "order-1x", "order-2",
        "order-\u00E9t\u00E9", "order-\uFF01", "order-\uD83D\uDE00"),
        ids(store.streams(StreamQuery.inCategory("order").withPrefix("ord"))));
    assertEquals(List.of(), ids(store.streams(StreamQuery.inCategory("cart").withPrefix("o"))));
  }

  @Test
  void pagesOfAnySizeConcatenateToTheWholeListing() {
    EventStore store = storeWithStreams();
    List<String> whole = ids(store.streams(StreamQuery.all()));
    for (int size = 1; size <= IDS.size() + 1; size++) {
      List<String> paged = new ArrayList<>();
      StreamQuery query = StreamQuery.all().withLimit(size);
      while (true) {
        List<StreamInfo> page = store.streams(query);
        assertEquals(true, page.size() <= size, "page size " + size);
        paged.addAll(ids(page));
        if (page.size() < size) {
          break;
        }
        query = query.startingAfter(page.get(page.size() - 1).stream());
      }
      assertEquals(whole, paged, "page size " + size);
    }
  }

  @Test
  void afterStartsStrictlyAfterTheGivenIdEvenIfItIsNoStream() {
    EventStore store = storeWithStreams();
    assertEquals(List.of("order-10", "order-1x"), ids(store.streams(
        StreamQuery.startingWith("order-1").startingAfter(StreamId.of("order-1")))));
    assertEquals(List.of("order-1x"), ids(store.streams(
        StreamQuery.startingWith("order-1").startingAfter(StreamId.of("order-100")))));
    assertEquals(List.of("order-1", "order-10"), ids(store.streams(
        StreamQuery.startingWith("order-1").startingAfter(StreamId.of("order-0")).withLimit(2))));
  }

  @Test
  void theListingFollowsAppendsAndLeavesOutFailedOnes() {
    EventStore store = openStore();
    StreamId order = StreamId.of("order-5");
    StreamId other = StreamId.of("order-6");
    store.append(order, ExpectedVersion.noStream(), noted("a", 2));
    assertEquals(Version.of(2), store.streams(StreamQuery.all()).get(0).version());
    store.append(List.of(
        StreamAppend.of(order, ExpectedVersion.exactly(Version.of(2)), noted("b", 3)),
        StreamAppend.of(other, ExpectedVersion.noStream(), noted("c", 1))));
    List<StreamInfo> listed = store.streams(StreamQuery.all());
    assertEquals(List.of("order-5", "order-6"), ids(listed));
    assertEquals(Version.of(5), listed.get(0).version());
    assertEquals(Version.of(1), listed.get(1).version());
    List<RecordedEvent<?>> events = store.readStream(order);
    assertEquals(events.get(4).recordedAt(), listed.get(0).lastRecordedAt());
    assertThrows(RuntimeException.class, () -> store.append(StreamId.of("order-7"),
        ExpectedVersion.exactly(Version.of(3)), noted("x", 1)));
    assertEquals(List.of("order-5", "order-6"), ids(store.streams(StreamQuery.all())));
  }

  @Test
  void theLimitCapsThePage() {
    EventStore store = storeWithStreams();
    assertEquals(sorted(IDS).subList(0, 3), ids(store.streams(StreamQuery.all().withLimit(3))));
    assertEquals(IDS.size(), store.streams(StreamQuery.all().withLimit(StreamQuery.MAX_LIMIT))
        .size());
  }

  @Test
  void aNullQueryIsRefusedNamingIt() {
    EventStore store = openStore();
    NullPointerException e = assertThrows(NullPointerException.class, () -> store.streams(null));
    assertEquals("query", e.getMessage());
  }
}
