package dev.eventcore;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which events of the store-wide log a reader wants: by stream category, by event type name, or
 * both. An empty set means "any". Stores push the filter down (the in-memory store scans without
 * copying, PostgreSQL adds a {@code WHERE}), so unwanted events are not read or decoded.
 *
 * <pre>{@code
 * EventFilter orders = EventFilter.categories("order");
 * EventFilter placed = EventFilter.categories("order").withTypes("OrderPlaced", "OrderCancelled");
 * EventFilter byClass = EventTypes.of(OrderEvent.class).asFilter();  // every permitted subclass
 * }</pre>
 *
 * <p>A filtered read never skips: it reports how far it scanned ({@link LogPage#scannedTo()}), so
 * a reader's position moves past events that do not match.
 *
 * <p>The filter also says what a read does at a stored event that cannot be decoded ({@link
 * OnUndecodable}): stop there (the default), or hand it over raw, as a {@link RecordedEvent} whose
 * payload is its {@link UndecodableEvent} envelope, and go on:
 *
 * <pre>{@code
 * LogPage page = store.readAll(after, 500, EventFilter.all().deliveringUndecodable());
 * }</pre>
 *
 * <p>A raw event passes the filter when its stored stream and stored type name do (for a type
 * filter, the stored names include the legacy names that upcast to the named types).
 *
 * @param categories the stream categories to keep ({@link StreamId#category()}); empty: any
 * @param types the event type names to keep ({@link RecordedEvent#type()}, today's names: a store
 *     also fetches the legacy names its upcasters read as one of them); empty: any
 * @param onUndecodable what a read does at a stored event that cannot be decoded
 *
 * @since 0.1.0
 */
public record EventFilter(Set<String> categories, Set<String> types, OnUndecodable onUndecodable) {
  private static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

  /**
   * Validates and copies the sets.
   *
   * @throws IllegalArgumentException if a category is empty or contains {@code '-'}, or a type
   *     name is empty
   */
  public EventFilter {
    categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
    types = Set.copyOf(Objects.requireNonNull(types, "types"));
    Objects.requireNonNull(onUndecodable, "onUndecodable");
    for (String category : categories) {
      if (category.isEmpty() || category.indexOf('-') >= 0) {
        throw new IllegalArgumentException(
            "a category filter must be a non-empty stream category without '-' but was '"
                + category + "'");
      }
    }
    for (String type : types) {
      if (type.isEmpty()) {
        throw new IllegalArgumentException("an event type filter must not be empty");
      }
    }
  }

  /** A filter that stops at undecodable events ({@link OnUndecodable#STOP}). */
  public EventFilter(Set<String> categories, Set<String> types) {
    this(categories, types, OnUndecodable.STOP);
  }

  /** Every event. */
  public static EventFilter all() {
    return ALL;
  }

  /** Events of streams in any of the given categories, for example {@code "order"}. */
  public static EventFilter categories(String... categories) {
    return new EventFilter(setOf(categories, "categories"), Set.of());
  }

  /** Events whose registered type name is one of {@code types}. */
  public static EventFilter types(String... types) {
    return new EventFilter(Set.of(), setOf(types, "types"));
  }

  /** This filter, also requiring one of {@code types}. */
  public EventFilter withTypes(String... types) {
    return new EventFilter(categories, setOf(types, "types"), onUndecodable);
  }

  /** This filter, also requiring one of {@code categories}. */
  public EventFilter withCategories(String... categories) {
    return new EventFilter(setOf(categories, "categories"), types, onUndecodable);
  }

  /**
   * This filter, handing over a stored event that cannot be decoded raw ({@link
   * OnUndecodable#DELIVER_RAW}): the reader receives it at its position with an {@link
   * UndecodableEvent} payload, and reads on past it.
   */
  public EventFilter deliveringUndecodable() {
    return onUndecodable == OnUndecodable.DELIVER_RAW
        ? this : new EventFilter(categories, types, OnUndecodable.DELIVER_RAW);
  }

  /**
   * This filter, stopping at a stored event that cannot be decoded ({@link OnUndecodable#STOP},
   * the default): the read throws {@link UndecodableEventException} there.
   */
  public EventFilter stoppingAtUndecodable() {
    return onUndecodable == OnUndecodable.STOP
        ? this : new EventFilter(categories, types, OnUndecodable.STOP);
  }

  /** Whether the filter keeps every event (whatever it does at undecodable ones). */
  public boolean matchesAll() {
    return categories.isEmpty() && types.isEmpty();
  }

  /** Whether {@code event} passes the filter. */
  public boolean matches(RecordedEvent<?> event) {
    return matches(event.streamId(), event.type());
  }

  /**
   * Whether an event of {@code type} in {@code stream} passes the filter: for a store that can
   * tell before it makes the event.
   */
  public boolean matches(StreamId stream, String type) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(type, "type");
    return (categories.isEmpty() || categories.contains(stream.category()))
        && (types.isEmpty() || types.contains(type));
  }

  private static Set<String> setOf(String[] values, String name) {
    Objects.requireNonNull(values, name);
    if (values.length == 0) {
      throw new IllegalArgumentException(name + " must name at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      Objects.requireNonNull(values[i], name + "[" + i + "]");
    }
    return new LinkedHashSet<>(Arrays.asList(values));
  }

  @Override
  public String toString() {
    String raw = onUndecodable == OnUndecodable.DELIVER_RAW ? ", undecodable ones raw" : "";
    if (matchesAll()) {
      return "all events" + raw;
    }
    return (categories.isEmpty() ? "" : "categories " + categories)
        + (categories.isEmpty() || types.isEmpty() ? "" : " and ")
        + (types.isEmpty() ? "" : "types " + types) + raw;
  }
}
