package dev.eventcore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.subscription.Subscription;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.testkit.contract.ContractEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Filtered reads: pushed down natively in memory, identical to the port's default, never skip. */
class FilteredReadTest {
  private static final String[] CATEGORIES = {"order", "invoice", "user"};

  private static EventData<?> event(int kind) {
    return kind % 2 == 0
        ? EventData.of(new ContractEvent.Noted("n" + kind))
        : EventData.of(new ContractEvent.Renamed("a", "b" + kind));
  }

  /** Appends one event per element: category from the value, type from its parity. */
  private static void fill(EventStore store, List<Integer> kinds) {
    for (int i = 0; i < kinds.size(); i++) {
      int kind = kinds.get(i);
      StreamId stream = StreamId.of(CATEGORIES[kind % CATEGORIES.length], Integer.toString(i % 4));
      store.append(stream, ExpectedVersion.any(), List.of(event(kind)));
    }
  }

  private static List<RecordedEvent<?>> pageThrough(
      EventStore store, EventFilter filter, int pageSize, List<GlobalPosition> scanned) {
    List<RecordedEvent<?>> out = new ArrayList<>();
    GlobalPosition position = GlobalPosition.START;
    while (true) {
      LogPage page = store.readAll(position, pageSize, filter);
      assertTrue(page.events().size() <= pageSize);
      out.addAll(page.events());
      if (!page.scannedTo().isAfter(position)) {
        scanned.add(position);
        return out;
      }
      position = page.scannedTo();
    }
  }

  @Test
  void pagingAFilteredReadReturnsExactlyTheMatchingEventsAndScansToTheHead() {
    qt().withFixedSeed(6L)
        .withExamples(200)
        .forAll(lists().of(integers().between(0, 11)).ofSizeBetween(0, 60), integers().between(1, 7))
        .checkAssert(
            (kinds, pageSize) -> {
              try (InMemoryEventStore store = new InMemoryEventStore()) {
                fill(store, kinds);
                List<RecordedEvent<?>> all = store.readAll(GlobalPosition.START, 1000);
                GlobalPosition head = all.isEmpty() ? GlobalPosition.START
                    : all.get(all.size() - 1).position();
                EventStore portDefault = new DefaultsOnly(store);
                for (EventFilter filter : List.of(
                    EventFilter.all(),
                    EventFilter.categories("order"),
                    EventFilter.types("contract.renamed"),
                    EventFilter.categories("invoice", "user").withTypes("Noted"))) {
                  List<RecordedEvent<?>> expected = all.stream().filter(filter::matches).toList();
                  List<GlobalPosition> end = new ArrayList<>();
                  assertEquals(expected, pageThrough(store, filter, pageSize, end));
                  assertEquals(expected, pageThrough(portDefault, filter, pageSize, end));
                  assertEquals(List.of(head, head), end, "every reader scans up to the head");
                  assertEquals(expected.size(), store.countAfter(GlobalPosition.START, filter));
                  assertEquals(expected.size(), portDefault.countAfter(GlobalPosition.START, filter));
                }
              }
            });
  }

  @Test
  void aFilteredSubscriptionDeliversOnlyMatchesYetItsPositionReachesTheHead() throws Exception {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      List<RecordedEvent<?>> seen = new CopyOnWriteArrayList<>();
      try (Subscription sub =
          store.subscribe(GlobalPosition.START, EventFilter.categories("order"), seen::add)) {
        store.append(StreamId.of("order-1"), ExpectedVersion.any(), List.of(event(0)));
        AppendResult last = null;
        for (int i = 0; i < 5; i++) {
          last = store.append(StreamId.of("user-" + i), ExpectedVersion.any(), List.of(event(1)));
        }
        assertTrue(sub.awaitPosition(last.lastPosition(), Duration.ofSeconds(5)));
        assertEquals(last.lastPosition(), sub.position());
        assertEquals(1, seen.size());
        assertEquals("order", seen.get(0).streamId().category());
      }
    }
  }

  /** An adapter that overrides nothing optional: it runs the port's default methods. */
  private static final class DefaultsOnly extends ForwardingEventStore {
    DefaultsOnly(EventStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }
}
