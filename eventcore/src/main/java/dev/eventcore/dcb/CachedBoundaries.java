package dev.eventcore.dcb;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.internal.cache.BoundedCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link DcbStore#cached}: each query item's matching events up to a position, kept between
 * reads, so that a read asks the store only for each item's events after its own position (one
 * {@link DcbStore#read(DcbQuery, List)}) and adds the ones it knew. The result is what a fresh
 * read returns: every matching event up to the read's position, which comes from the store's
 * read. Appends go to the store unchanged. Should the store's position ever be behind what an
 * item is known up to (its newest events removed), the entries are dropped and the store read
 * as it is.
 *
 * <p>An item's entry is replaced only by one known up to a later position, so threads that read
 * one item at once never move it back. The entries are immutable and shared.
 */
final class CachedBoundaries implements DcbStore {
  private static final int SEGMENTS = 16;
  private static final Comparator<DcbEvent> IN_LOG_ORDER =
      Comparator.comparing(DcbEvent::position).thenComparingInt(CachedBoundaries::part);

  private final DcbStore store;
  private final BoundedCache<QueryItem, Known> known;

  /** What is known of one item: its matching events up to {@code position}, in log order. */
  private record Known(List<DcbEvent> events, GlobalPosition position) {
    boolean isBefore(Known other) {
      return position.compareTo(other.position) < 0;
    }
  }

  CachedBoundaries(DcbStore store, long maxEvents) {
    this.store = Objects.requireNonNull(store, "store");
    if (maxEvents < 0) {
      throw new IllegalArgumentException("maxEvents must be >= 0 but was " + maxEvents);
    }
    this.known = new BoundedCache<>(maxEvents, SEGMENTS, entry -> entry.events().size());
  }

  @Override
  public DcbRead read(DcbQuery query, GlobalPosition after) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(after, "after");
    List<QueryItem> items = query.items();
    List<@Nullable Known> cached = new ArrayList<>(items.size());
    List<GlobalPosition> since = new ArrayList<>(items.size());
    boolean anyKnown = false;
    for (QueryItem item : items) {
      Known entry = known.get(item);
      anyKnown |= entry != null;
      cached.add(entry);
      since.add(entry == null ? GlobalPosition.START : entry.position());
    }
    if (!anyKnown && !after.equals(GlobalPosition.START)) {
      return store.read(query, after); // a read of the tail only: nothing to keep or to add
    }
    DcbRead fresh = store.read(query, since);
    GlobalPosition position = fresh.position();
    List<DcbEvent> matching = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (since.get(i).compareTo(position) > 0) {
        // the log's end moved back below what this cache knew (its newest events were removed):
        // forget what was known and read as the store does
        items.forEach(known::remove);
        return store.read(query, after);
      }
      Known entry = update(items.get(i), cached.get(i), fresh, since.get(i));
      matching.addAll(entry.events());
    }
    return new DcbRead(query, inLogOrderAfter(matching, after), position);
  }

  /** {@code item}'s entry after {@code fresh}: what was known, plus its newer matching events. */
  private Known update(QueryItem item, @Nullable Known cached, DcbRead fresh,
      GlobalPosition since) {
    List<DcbEvent> events = cached == null ? List.of() : cached.events();
    List<DcbEvent> added = null;
    for (DcbEvent event : fresh.events()) {
      if (event.position().compareTo(since) > 0 && item.matches(event)) {
        if (added == null) {
          added = new ArrayList<>(events);
        }
        added.add(event);
      }
    }
    Known entry = new Known(added == null ? events : List.copyOf(added), fresh.position());
    known.put(item, entry, Known::isBefore);
    return entry;
  }

  /**
   * The events after {@code after}, each once, in log order: an event matching several items is
   * in each of their lists, and the parts of an event an upcaster split share its position, so
   * events are ordered and told apart by position and part.
   */
  private static List<DcbEvent> inLogOrderAfter(List<DcbEvent> events, GlobalPosition after) {
    List<DcbEvent> sorted = new ArrayList<>(events);
    sorted.sort(IN_LOG_ORDER);
    List<DcbEvent> distinct = new ArrayList<>(sorted.size());
    DcbEvent last = null;
    for (DcbEvent event : sorted) {
      if (event.position().compareTo(after) > 0
          && (last == null || IN_LOG_ORDER.compare(last, event) != 0)) {
        distinct.add(event);
        last = event;
      }
    }
    return distinct;
  }

  /** The part number of a split's part (1 for the first), 0 for an event read as stored. */
  private static int part(DcbEvent event) {
    String part = event.event().metadata().entries().get(RecordedEvent.PART_KEY);
    if (part == null) {
      return 0;
    }
    int slash = part.indexOf('/');
    return Integer.parseInt(slash < 0 ? part : part.substring(0, slash));
  }

  @Override
  public DcbRead read(DcbQuery query, List<GlobalPosition> afterEachItem) {
    return store.read(query, afterEachItem);
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition) {
    return store.append(stream, events, condition);
  }

  @Override
  public AppendResult append(StreamId stream, List<TaggedEvent> events) {
    return store.append(stream, events);
  }

  @Override
  public DcbStore cached(long maxEvents) {
    return store.cached(maxEvents); // one cache in front of the store, not a cache of a cache
  }

  @Override
  public String toString() {
    return "cached " + store;
  }
}
