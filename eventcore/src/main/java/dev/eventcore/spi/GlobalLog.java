package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.ReadLimits;
import dev.eventcore.RecordedEvent;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The store-wide log of a {@link ComposedEventStore}: its reads (upcast and observed), its counts
 * and its subscriptions, each argument checked before the storage is asked.
 */
final class GlobalLog {
  private final EventStorage storage;
  private final Upcasting upcasting;
  private final Observer observer;
  private final SubscriptionEngine subscriptions;
  private final Runnable ensureOpen;

  /** @param ensureOpen throws if the store is closed */
  GlobalLog(EventStorage storage, Upcasting upcasting, Observer observer,
      SubscriptionEngine subscriptions, Runnable ensureOpen) {
    this.storage = storage;
    this.upcasting = upcasting;
    this.observer = observer;
    this.subscriptions = subscriptions;
    this.ensureOpen = ensureOpen;
  }

  List<RecordedEvent<?>> read(GlobalPosition after, int maxCount) {
    Objects.requireNonNull(after, "after");
    ReadLimits.requireCount(maxCount);
    ensureOpen.run();
    return upcasting.log(StoreObservations.read(observer, ReadKind.LOG,
        () -> storage.readAll(after, maxCount), List::size));
  }

  LogPage read(GlobalPosition after, int maxCount, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    ReadLimits.requireCount(maxCount);
    ensureOpen.run();
    EventFilter stored = upcasting.storedFilter(filter);
    return upcasting.page(StoreObservations.read(observer, ReadKind.LOG,
        () -> storage.readAll(after, maxCount, stored), page -> page.events().size()), filter);
  }

  /**
   * Runs {@code read}, an adapter's {@code DcbStore.read}, reported to the observer as one {@link
   * ReadKind#BOUNDARY} read of the events it matched; the log reads it makes through the store are
   * part of it.
   */
  DcbRead readBoundary(Supplier<DcbRead> read) {
    Objects.requireNonNull(read, "read");
    ensureOpen.run();
    return StoreObservations.read(observer, ReadKind.BOUNDARY, read, r -> r.events().size());
  }

  /**
   * Runs {@code read}, an adapter's read of the stored events matching a query (given {@code
   * query} as stored, see {@link Upcasting#storedQuery}), as {@link #readBoundary(Supplier)} does;
   * the events it returns are upcast and kept when they match an item of {@code query} after that
   * item's position in {@code afterEachItem}.
   */
  DcbRead readBoundary(DcbQuery query, List<GlobalPosition> afterEachItem,
      Function<DcbQuery, DcbRead> read) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(read, "read");
    query.earliest(afterEachItem); // one position per item, none null
    return readBoundary(() -> {
      DcbRead stored = read.apply(upcasting.storedQuery(query));
      List<RecordedEvent<?>> events = new ArrayList<>(stored.events().size());
      for (DcbEvent event : stored.events()) {
        events.add(event.event());
      }
      List<RecordedEvent<?>> upcast = upcasting.boundary(events, LogBoundaries.filterOf(query));
      if (upcast == events) {
        return new DcbRead(query, stored.events(), stored.position());
      }
      List<DcbEvent> matches = new ArrayList<>(upcast.size());
      for (RecordedEvent<?> event : upcast) {
        DcbEvent candidate = DcbEvent.of(event);
        if (query.matchesAfter(candidate, afterEachItem)) {
          matches.add(candidate);
        }
      }
      return new DcbRead(query, matches, stored.position());
    });
  }

  /** {@code query} as stored: each item's types with the stored names read as them. */
  DcbQuery storedQuery(DcbQuery query) {
    return upcasting.storedQuery(Objects.requireNonNull(query, "query"));
  }

  long count(GlobalPosition after, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    ensureOpen.run();
    return storage.countAfter(after, upcasting.storedFilter(filter));
  }

  Subscription subscribe(GlobalPosition after, EventFilter filter, EventHandler handler) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(handler, "handler");
    ensureOpen.run();
    storage.checkSubscriptionStart(after);
    return subscriptions.subscribe(after, filter, handler);
  }
}
