package dev.eventcore.dcb;

import dev.eventcore.GlobalPosition;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DcbStore} read returned: the matching events in log order, and the position up to
 * which it saw every event of the log. That position, not the last event's, is what a condition
 * must be checked after: on PostgreSQL, transactions still open during the read may commit events
 * before positions the read already passed, and the read's position stops before them.
 *
 * @param query what was read
 * @param events the matching events, in log order
 * @param position every event up to here was seen; the condition's {@code after}
 * @since 0.2.0
 */
public record DcbRead(DcbQuery query, List<DcbEvent> events, GlobalPosition position) {
  /** Validates the fields. */
  public DcbRead {
    Objects.requireNonNull(query, "query");
    events = List.copyOf(events);
    Objects.requireNonNull(position, "position");
  }

  /** The condition that refuses an append if an event matching this read's query came after it. */
  public AppendCondition condition() {
    return new AppendCondition(query, position);
  }
}
