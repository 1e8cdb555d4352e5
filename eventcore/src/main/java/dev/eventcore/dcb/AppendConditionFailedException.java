package dev.eventcore.dcb;

import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import java.util.Objects;

/**
 * A {@link DcbStore} append was refused: an event matching its condition's query was written
 * after the condition's position, so the decision was made without it. Nothing of the append was
 * written. Read again, decide again, append with the new read's condition ({@link DcbDecider}
 * does this).
 *
 * @since 0.2.0
 */
public final class AppendConditionFailedException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final transient AppendCondition condition;
  private final GlobalPosition conflicting;

  /** An event at {@code conflicting} matched {@code condition}'s query after its position. */
  public AppendConditionFailedException(AppendCondition condition, GlobalPosition conflicting) {
    super("append condition failed: an event at " + Objects.requireNonNull(conflicting,
        "conflicting") + " matches " + Objects.requireNonNull(condition, "condition")
        .failIfEventsMatch() + " after " + condition.after() + "; read again and decide again");
    this.condition = condition;
    this.conflicting = conflicting;
  }

  /** The condition that failed. */
  public AppendCondition condition() {
    return condition;
  }

  /** The position of a matching event after the condition's position. */
  public GlobalPosition conflicting() {
    return conflicting;
  }

  /** Always {@link Retry#AFTER_REREAD}: read again, decide again. */
  @Override
  public Retry retry() {
    return Retry.AFTER_REREAD;
  }
}
