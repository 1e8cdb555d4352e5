package dev.eventcore.dcb;

import dev.eventcore.EventData;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An event to append through a {@link DcbStore}, with the tags it carries.
 *
 * <pre>{@code
 * TaggedEvent.of(new StudentSubscribed("c-1", "s-7"), Tag.of("course", "c-1"),
 *     Tag.of("student", "s-7"));
 * }</pre>
 *
 * @param event the event (its id and metadata kept)
 * @param tags its tags, sorted; never an implicit stream tag
 * @since 0.2.0
 */
public record TaggedEvent(EventData<?> event, SortedSet<Tag> tags) {
  /** The most tags of one event. */
  public static final int MAX_TAGS = 32;

  /** Validates the event and its tags. */
  public TaggedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(tags, "tags");
    if (!event.metadata().isEmpty() && event.metadata().entries().containsKey(Tag.METADATA_KEY)) {
      throw new IllegalArgumentException("the event's metadata has the key " + Tag.METADATA_KEY
          + ", which is reserved for the tags a boundary append records: give the tags as tags");
    }
    TreeSet<Tag> copy = new TreeSet<>();
    for (Tag tag : tags) {
      Objects.requireNonNull(tag, "tags must not contain null");
      if (tag.isStream()) {
        throw new IllegalArgumentException("an event carries its stream's tag implicitly; remove "
            + tag + " from its tags");
      }
      copy.add(tag);
    }
    if (copy.size() > MAX_TAGS) {
      throw new IllegalArgumentException("an event carries at most " + MAX_TAGS + " tags but got "
          + copy.size());
    }
    tags = Collections.unmodifiableSortedSet(copy);
  }

  /** The event as it is stored: its metadata records its tags ({@link Tag#METADATA_KEY}). */
  public EventData<?> stored() {
    return event.withMetadata(Tag.record(event.metadata(), tags));
  }

  /** {@code payload} as a new event carrying {@code tags}. */
  public static TaggedEvent of(Object payload, Tag... tags) {
    if (payload instanceof EventData<?> event) {
      return of(event, tags);
    }
    return new TaggedEvent(EventData.of(payload), new TreeSet<>(Arrays.asList(tags)));
  }

  /** {@code event} (its id and metadata kept) carrying {@code tags}. */
  public static TaggedEvent of(EventData<?> event, Tag... tags) {
    return new TaggedEvent(event, new TreeSet<>(Arrays.asList(tags)));
  }

  /** {@code event} carrying {@code tags}. */
  public static TaggedEvent of(EventData<?> event, Collection<Tag> tags) {
    return new TaggedEvent(event, new TreeSet<>(tags));
  }
}
