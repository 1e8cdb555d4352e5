package dev.eventcore;

import java.util.List;
import java.util.Objects;

/**
 * A page of a filtered read of the store-wide log: the matching events, and how far the store
 * scanned.
 *
 * <p>Every event in {@code (after, scannedTo]} that matches the filter is in {@link #events()}, so
 * the next read starts after {@code scannedTo}: a reader's position (and a projection's
 * checkpoint) moves past events that do not match without skipping any that do. {@code scannedTo}
 * equals {@code after} when nothing new was readable.
 *
 * <pre>{@code
 * GlobalPosition position = GlobalPosition.START;
 * LogPage page = store.readAll(position, 500, EventFilter.categories("order"));
 * page.events().forEach(view::apply);
 * position = page.scannedTo();
 * }</pre>
 *
 * @param events the matching events, in position order
 * @param scannedTo the last position examined: at or after the last event's position
 *
 * @since 0.1.0
 */
public record LogPage(List<RecordedEvent<?>> events, GlobalPosition scannedTo) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code scannedTo} is before the last event
   */
  public LogPage {
    events = List.copyOf(Objects.requireNonNull(events, "events"));
    Objects.requireNonNull(scannedTo, "scannedTo");
    if (!events.isEmpty() && events.get(events.size() - 1).position().isAfter(scannedTo)) {
      throw new IllegalArgumentException(
          "scannedTo " + scannedTo + " is before the last event's position "
              + events.get(events.size() - 1).position());
    }
  }

  /** Filters an unfiltered page read strictly after {@code after}. */
  public static LogPage filter(
      List<RecordedEvent<?>> unfiltered, GlobalPosition after, EventFilter filter) {
    Objects.requireNonNull(unfiltered, "unfiltered");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    if (unfiltered.isEmpty()) {
      return new LogPage(List.of(), after);
    }
    GlobalPosition last = unfiltered.get(unfiltered.size() - 1).position();
    if (filter.matchesAll()) {
      return new LogPage(unfiltered, last);
    }
    return new LogPage(unfiltered.stream().filter(filter::matches).toList(), last);
  }
}
