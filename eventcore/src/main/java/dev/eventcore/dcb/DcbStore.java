package dev.eventcore.dcb;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dynamic consistency boundaries on an event store's log: read the events a decision depends on
 * by a {@link DcbQuery} (event types and tags), decide, and append on the {@link AppendCondition}
 * that no matching event was written after what was read. One log serves both styles: the events
 * go to a stream like any other (subscriptions, projections and stream reads see them), a
 * stream's id is an implicit tag ({@link Tag#stream}), and stream appends with an expected
 * version go on beside. Get one with {@code EventStore.boundaries()}.
 *
 * <pre>{@code
 * DcbStore dcb = store.boundaries();
 * DcbRead read = dcb.read(DcbQuery.of(QueryItem.tags(Tag.of("username", "ada"))));
 * if (read.events().isEmpty()) {
 *   dcb.append(StreamId.of("user", id), List.of(TaggedEvent.of(new UserRegistered(id, "ada"),
 *       Tag.of("username", "ada"))), read.condition());
 * }
 * }</pre>
 *
 * <p>A condition is race-free: of two appends whose conditions each match the other's events,
 * at most one succeeds, however their transactions interleave. Thread-safe.
 *
 * @since 0.2.0
 */
public interface DcbStore {
  /** The events matching {@code query}, in log order, and the position the read saw up to. */
  default DcbRead read(DcbQuery query) {
    return read(query, GlobalPosition.START);
  }

  /** The events matching {@code query} after {@code after}; see {@link #read(DcbQuery)}. */
  DcbRead read(DcbQuery query, GlobalPosition after);

  /**
   * The events that match an item of {@code query} after that item's own position in {@code
   * afterEachItem} (the i-th position for the i-th item), in log order, and the position the read
   * saw up to, as for {@link #read(DcbQuery)}. For a reader that already knows each item's events
   * up to some point, as {@link #cached} does: with them, the result is what {@code read(query)}
   * returns, in one read of what is new.
   *
   * <p>This default reads after the smallest position and drops what each item already had;
   * adapters push the positions down.
   *
   * @throws IllegalArgumentException if {@code afterEachItem} has not one position per item
   */
  default DcbRead read(DcbQuery query, List<GlobalPosition> afterEachItem) {
    Objects.requireNonNull(query, "query");
    DcbRead read = read(query, query.earliest(afterEachItem));
    List<DcbEvent> newer = new ArrayList<>(read.events().size());
    for (DcbEvent event : read.events()) {
      if (query.matchesAfter(event, afterEachItem)) {
        newer.add(event);
      }
    }
    return new DcbRead(query, newer, read.position());
  }

  /**
   * This store, reading boundaries through an in-process cache of each query item's events: a
   * read fetches only what is new for each item since this cache last read it, in one read, and
   * returns what {@link #read(DcbQuery)} would. Items are kept least recently used first out,
   * up to {@code maxEvents} cached events in all; the cache is split into 16 parts for
   * concurrency, so an item with more than a sixteenth of {@code maxEvents} events is not kept
   * and is read in full each time. Appends and conditions are this store's, unchanged, so a
   * cached read is as safe to decide on as a fresh one. Share one cached store among the
   * deciders of an application. The cached events and their payloads are shared by every reader:
   * payloads must be immutable (records are).
   *
   * <pre>{@code
   * DcbStore dcb = store.boundaries().cached(100_000);
   * Courses.seats(courseId, studentId).execute(dcb, stream, decide); // reads what is new only
   * }</pre>
   *
   * <p>Events removed after they were cached (a stream's hard deletion, an archive, a shredded
   * payload, an in-memory store's {@code reset()}) stay in the cache until their item is evicted;
   * read through the store itself where a decision must see such removals at once.
   *
   * @param maxEvents the most events to keep, {@code >= 0} (0 caches nothing)
   * @throws IllegalArgumentException if {@code maxEvents} is negative
   */
  default DcbStore cached(long maxEvents) {
    return new CachedBoundaries(this, maxEvents);
  }

  /**
   * Appends {@code events} with their tags to {@code stream}, at whatever version it is, if no
   * event matching {@code condition}'s query exists after its position; atomically: all or none.
   * @throws AppendConditionFailedException if such an event exists; nothing was written
   * @throws IllegalArgumentException if {@code events} is empty or invalid, as for any append
   */
  AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition);

  /** Appends {@code events} with their tags to {@code stream}, unconditionally. */
  AppendResult append(StreamId stream, List<TaggedEvent> events);
}
