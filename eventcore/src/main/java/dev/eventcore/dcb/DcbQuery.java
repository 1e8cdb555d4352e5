package dev.eventcore.dcb;

import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which events a decision depends on: those matching any of its {@link QueryItem items}. Read with
 * {@link DcbStore#read(DcbQuery)}, and made the condition of the append that records the decision
 * ({@link DcbRead#condition()}).
 *
 * <pre>{@code
 * DcbQuery seats = DcbQuery.of(
 *     QueryItem.of(Set.of("CourseDefined", "CourseCapacityChanged"), Set.of(course)),
 *     QueryItem.of(Set.of("StudentSubscribed"), Set.of(course)));
 * }</pre>
 *
 * @param items 1 to {@value #MAX_ITEMS}; an item without types and tags matches every event
 * @since 0.2.0
 */
public record DcbQuery(List<QueryItem> items) {
  /** The most items of one query. */
  public static final int MAX_ITEMS = 64;

  /** Validates the query. */
  public DcbQuery {
    Objects.requireNonNull(items, "items");
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one item; DcbQuery.all() matches"
          + " every event");
    }
    if (items.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("a query has at most " + MAX_ITEMS + " items but got "
          + items.size());
    }
  }

  /** The query matching any of {@code items}. */
  public static DcbQuery of(QueryItem... items) {
    return new DcbQuery(Arrays.asList(items));
  }

  /** The query matching every event. */
  public static DcbQuery all() {
    return of(QueryItem.of(Set.of(), Set.of()));
  }

  /** Whether {@code event} matches an item of this query. */
  public boolean matches(RecordedEvent<?> event) {
    return matches(DcbEvent.of(event));
  }

  /** Whether {@code event} (its tags parsed already) matches an item of this query. */
  public boolean matches(DcbEvent event) {
    for (QueryItem item : items) {
      if (item.matches(event)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code event} matches an item after that item's position in {@code afterEachItem} (see
   * {@link DcbStore#read(DcbQuery, List)}).
   *
   * @throws IllegalArgumentException if {@code afterEachItem} has not one position per item
   */
  public boolean matchesAfter(DcbEvent event, List<GlobalPosition> afterEachItem) {
    Objects.requireNonNull(event, "event");
    requireOnePerItem(afterEachItem);
    for (int i = 0; i < items.size(); i++) {
      if (event.position().compareTo(afterEachItem.get(i)) > 0 && items.get(i).matches(event)) {
        return true;
      }
    }
    return false;
  }

  private void requireOnePerItem(List<GlobalPosition> afterEachItem) {
    Objects.requireNonNull(afterEachItem, "afterEachItem");
    if (afterEachItem.size() != items.size()) {
      throw new IllegalArgumentException("one position per query item is needed: the query has "
          + items.size() + " item(s) but got " + afterEachItem.size() + " position(s)");
    }
  }

  /**
   * The smallest of {@code afterEachItem}, where a read after each item's own position starts
   * (see {@link DcbStore#read(DcbQuery, List)}).
   *
   * @throws IllegalArgumentException if {@code afterEachItem} has not one position per item
   */
  public GlobalPosition earliest(List<GlobalPosition> afterEachItem) {
    requireOnePerItem(afterEachItem);
    GlobalPosition from = GlobalPosition.START;
    for (int i = 0; i < afterEachItem.size(); i++) {
      GlobalPosition after =
          Objects.requireNonNull(afterEachItem.get(i), "afterEachItem must not contain null");
      from = i == 0 || after.compareTo(from) < 0 ? after : from;
    }
    return from;
  }
}
