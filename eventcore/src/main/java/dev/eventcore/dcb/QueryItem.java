package dev.eventcore.dcb;

import dev.eventcore.StreamId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One part of a {@link DcbQuery}: the events of any of its types (any type when none is given)
 * that carry all of its tags (no tag needed when none is given). An item with neither matches
 * every event.
 *
 * <pre>{@code
 * QueryItem.of(Set.of("StudentSubscribed"), Set.of(Tag.of("course", "c-1")));
 * QueryItem.tags(Tag.of("student", "s-7"));
 * QueryItem.types("InvoiceCreated");
 * }</pre>
 *
 * @param types registered event type names, as {@code EventTypes.nameOf} gives them; sorted
 * @param tags the tags a matching event carries, all of them; sorted
 * @since 0.2.0
 */
public record QueryItem(SortedSet<String> types, SortedSet<Tag> tags) {
  /** Validates the item and keeps sorted, unmodifiable copies. */
  public QueryItem {
    types = sortedCopy(types, "types");
    tags = sortedCopy(tags, "tags");
    for (String type : types) {
      if (type.isEmpty()) {
        throw new IllegalArgumentException("a query item's type names must not be empty");
      }
    }
    long streams = tags.stream().filter(Tag::isStream).count();
    if (streams > 1) {
      throw new IllegalArgumentException("an event is in one stream, so a query item names at"
          + " most one stream tag but got " + tags);
    }
  }

  /** The item matching events of any of {@code types} carrying all of {@code tags}. */
  public static QueryItem of(Collection<String> types, Collection<Tag> tags) {
    return new QueryItem(new TreeSet<>(types), new TreeSet<>(tags));
  }

  /** The item matching events of any of {@code types}, whatever their tags. */
  public static QueryItem types(String... types) {
    return of(Arrays.asList(types), Set.of());
  }

  /** The item matching events of any type carrying all of {@code tags}. */
  public static QueryItem tags(Tag... tags) {
    return of(Set.of(), Arrays.asList(tags));
  }

  /** This item, restricted to events of any of {@code types}. */
  public QueryItem withTypes(String... types) {
    return of(Arrays.asList(types), tags);
  }

  /** Whether an event of {@code type} in {@code stream}'s id, carrying {@code eventTags}, matches. */
  public boolean matches(String type, String stream, Set<Tag> eventTags) {
    if (!types.isEmpty() && !types.contains(type)) {
      return false;
    }
    for (Tag tag : tags) {
      if (tag.isStream() ? !tag.isStreamTagOf(stream) : !eventTags.contains(tag)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code event} matches: its type, its stream and its tags. */
  public boolean matches(DcbEvent event) {
    return matches(event.event().type(), event.event().streamId().value(), event.tags());
  }

  /** The stream of this item's implicit stream tag, if it names one. */
  public Optional<StreamId> stream() {
    for (Tag tag : tags) {
      if (tag.isStream()) {
        return tag.streamId();
      }
    }
    return Optional.empty();
  }

  /** The explicit tags (all but the implicit stream tag). */
  public SortedSet<Tag> explicitTags() {
    SortedSet<Tag> explicit = new TreeSet<>();
    for (Tag tag : tags) {
      if (!tag.isStream()) {
        explicit.add(tag);
      }
    }
    return explicit;
  }

  private static <T extends Comparable<T>> SortedSet<T> sortedCopy(
      Collection<T> values, String what) {
    Objects.requireNonNull(values, what);
    TreeSet<T> copy = new TreeSet<>();
    for (T value : values) {
      copy.add(Objects.requireNonNull(value, what + " must not contain null"));
    }
    return Collections.unmodifiableSortedSet(copy);
  }
}
