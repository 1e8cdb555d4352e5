package dev.eventcore.dcb;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.util.Objects;
import java.util.SortedSet;

/**
 * An event a {@link DcbStore} read: the recorded event and its tags.
 *
 * @param event the event as any read returns it (its metadata holds the tags too)
 * @param tags its tags, sorted
 * @since 0.2.0
 */
public record DcbEvent(RecordedEvent<?> event, SortedSet<Tag> tags) {
  /** Validates the fields. */
  public DcbEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(tags, "tags");
  }

  /** {@code event} with the tags its metadata records. */
  public static DcbEvent of(RecordedEvent<?> event) {
    return new DcbEvent(event, Tag.ofMetadata(event.metadata()));
  }

  /** The event's payload. */
  public Object payload() {
    return event.payload();
  }

  /** The event's position in the log. */
  public GlobalPosition position() {
    return event.position();
  }
}
