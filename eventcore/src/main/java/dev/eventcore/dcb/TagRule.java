package dev.eventcore.dcb;

import dev.eventcore.EventData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A declared rule that derives an event's tags from its payload, so that every writer of an
 * event type tags it the same way and the tags cannot be forgotten at an append.
 *
 * <pre>{@code
 * TagRule<CourseEvent> rule = event -> event instanceof StudentSubscribed s
 *     ? Set.of(Tag.of("course", s.courseId()), Tag.of("student", s.studentId()))
 *     : Set.of(Tag.of("course", event.courseId()));
 * dcb.append(stream, List.of(rule.tag(new StudentSubscribed("c-1", "s-7"))), read.condition());
 * }</pre>
 *
 * @param <E> the payload type the rule covers
 * @since 0.2.0
 */
@FunctionalInterface
public interface TagRule<E> {
  /** The tags of {@code payload}; never null (empty for none). */
  Collection<Tag> tagsOf(E payload);

  /** {@code payload} as a new event carrying the tags this rule derives from it. */
  default TaggedEvent tag(E payload) {
    return tagEvent(EventData.of(Objects.requireNonNull(payload, "payload")));
  }

  /** {@code payloads} as new events, each carrying the tags this rule derives from it. */
  default List<TaggedEvent> tagAll(List<? extends E> payloads) {
    Objects.requireNonNull(payloads, "payloads");
    List<TaggedEvent> events = new ArrayList<>(payloads.size());
    for (E payload : payloads) {
      events.add(tag(payload));
    }
    return events;
  }

  /** {@code event} (its id and metadata kept) carrying the tags this rule derives from it. */
  default TaggedEvent tagEvent(EventData<? extends E> event) {
    Objects.requireNonNull(event, "event");
    Collection<Tag> tags = Objects.requireNonNull(tagsOf(event.payload()),
        "the tag rule returned null for " + event.payload().getClass().getSimpleName());
    return TaggedEvent.of(event, tags);
  }
}
