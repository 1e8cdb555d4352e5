package dev.eventcore.dcb;

import dev.eventcore.AppendResult;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import java.util.List;

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
   * Appends {@code events} with their tags to {@code stream}, at whatever version it is, if no
   * event matching {@code condition}'s query exists after its position; atomically: all or none.
   * @throws AppendConditionFailedException if such an event exists; nothing was written
   * @throws IllegalArgumentException if {@code events} is empty or invalid, as for any append
   */
  AppendResult append(StreamId stream, List<TaggedEvent> events, AppendCondition condition);

  /** Appends {@code events} with their tags to {@code stream}, unconditionally. */
  AppendResult append(StreamId stream, List<TaggedEvent> events);
}
