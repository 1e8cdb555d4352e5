package dev.eventcore.dcb;

import dev.eventcore.GlobalPosition;
import java.util.Objects;

/**
 * The condition of a {@link DcbStore} append: it fails if an event matching {@code
 * failIfEventsMatch} exists after {@code after}. Take it from the read the decision was made on
 * ({@link DcbRead#condition()}): its position is the point up to which that read saw every event,
 * which may lie beyond the last matching event it returned.
 *
 * @param failIfEventsMatch the events the decision depends on
 * @param after the position up to which the decision saw every matching event
 * @since 0.2.0
 */
public record AppendCondition(DcbQuery failIfEventsMatch, GlobalPosition after) {
  /** Validates the fields. */
  public AppendCondition {
    Objects.requireNonNull(failIfEventsMatch, "failIfEventsMatch");
    Objects.requireNonNull(after, "after");
  }

  /** Fails if any event matching {@code query} exists at all (e.g. a unique name's first use). */
  public static AppendCondition none(DcbQuery query) {
    return new AppendCondition(query, GlobalPosition.START);
  }
}
