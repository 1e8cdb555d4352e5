package dev.eventcore.spi;

import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.dcb.DcbEvent;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.dcb.Tag;
import dev.eventcore.dcb.TaggedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Boundary reads and checks through a store's filtered global log, for adapters: what an adapter
 * without an index of tags does (in memory), and the parts every adapter's boundary store shares.
 *
 * @since 0.2.0
 */
public final class LogBoundaries {
  private static final int PAGE = 1024;
  /** The most distinct tags one append may carry: each is a lock its transaction holds. */
  public static final int MAX_TAGS_PER_APPEND = 256;
  private static final ThreadLocal<Boolean> TAGGING = new ThreadLocal<>();

  private LogBoundaries() {}

  /** The filter a log read of {@code query} can push down: its types when every item has some. */
  public static EventFilter filterOf(DcbQuery query) {
    TreeSet<String> types = new TreeSet<>();
    for (QueryItem item : query.items()) {
      if (item.types().isEmpty()) {
        return EventFilter.all();
      }
      types.addAll(item.types());
    }
    return EventFilter.types(types.toArray(String[]::new));
  }

  /** Every event matching {@code query} after {@code after}, and the position the log was read to. */
  public static DcbRead read(EventStore store, DcbQuery query, GlobalPosition after) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(after, "after");
    List<DcbEvent> matches = new ArrayList<>();
    GlobalPosition to = scan(store, query, after, match -> {
      matches.add(match);
      return true;
    });
    return new DcbRead(query, matches, to);
  }

  /** The first event matching {@code query} after {@code after}, if any. */
  public static Optional<GlobalPosition> firstMatchAfter(
      EventStore store, DcbQuery query, GlobalPosition after) {
    List<GlobalPosition> first = new ArrayList<>(1);
    scan(store, query, after, match -> {
      first.add(match.position());
      return false; // the first is enough
    });
    return first.stream().findFirst();
  }

  /**
   * Reads the log after {@code after} page by page (filtered by type where the query allows),
   * handing each match, its tags parsed once, to {@code match} until it answers false; the
   * position read to.
   */
  private static GlobalPosition scan(EventStore store, DcbQuery query, GlobalPosition after,
      Predicate<DcbEvent> match) {
    EventFilter filter = filterOf(query);
    GlobalPosition at = after;
    while (true) {
      LogPage page = store.readAll(at, PAGE, filter);
      for (RecordedEvent<?> event : page.events()) {
        DcbEvent candidate = DcbEvent.of(event);
        if (query.matches(candidate) && !match.test(candidate)) {
          return event.position();
        }
      }
      GlobalPosition next = page.scannedTo();
      if (page.events().size() < PAGE && next.value() <= at.value()) {
        return at;
      }
      at = next;
    }
  }

  /** The events to append, each with its tags recorded in its metadata. */
  public static List<EventData<?>> withTags(List<TaggedEvent> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a boundary append needs at least one event");
    }
    List<EventData<?>> data = new ArrayList<>(events.size());
    Set<Tag> distinct = new HashSet<>();
    for (TaggedEvent event : events) {
      Objects.requireNonNull(event, "events must not contain null");
      distinct.addAll(event.tags());
      data.add(event.stored());
    }
    if (distinct.size() > MAX_TAGS_PER_APPEND) {
      throw new IllegalArgumentException("a boundary append carries at most "
          + MAX_TAGS_PER_APPEND + " distinct tags (each is a lock held until it commits) but got "
          + distinct.size() + "; split it into several appends");
    }
    return data;
  }

  /**
   * Runs {@code append} as a boundary store's append, which may write {@link
   * dev.eventcore.dcb.Tag#METADATA_KEY}: stream appends may not, since only a boundary store
   * takes the locks that keep conditions on tags race-free.
   */
  public static <T> T writingTagged(Supplier<T> append) {
    Boolean before = TAGGING.get();
    TAGGING.set(Boolean.TRUE);
    try {
      return append.get();
    } finally {
      if (before == null) {
        TAGGING.remove();
      }
    }
  }

  /** Whether this thread is in a boundary store's append. */
  static boolean tagging() {
    return TAGGING.get() != null;
  }
}
