package dev.eventcore;

import java.util.Objects;

/**
 * An append used an event id that the store already holds (or that appears twice in the append)
 * in a way that is not a retry of the original append. A true retry, the same ids with the same
 * events at the same stream positions, is not an error: it returns the original result. Nothing of
 * the append was written.
 *
 * @since 0.1.0
 */
public final class DuplicateEventIdException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final EventId eventId;

  /** {@code eventId} was reused; {@code detail} says where it already is and why this is no retry. */
  public DuplicateEventIdException(EventId eventId, String detail) {
    super(
        "event id "
            + Objects.requireNonNull(eventId, "eventId")
            + " is already used: "
            + Objects.requireNonNull(detail, "detail"));
    this.eventId = eventId;
  }

  /** The reused id. */
  public EventId eventId() {
    return eventId;
  }

  /** Always {@link Retry#NEVER}: the id is taken; the append must use other ids. */
  @Override
  public Retry retry() {
    return Retry.NEVER;
  }
}
