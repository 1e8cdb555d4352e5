package dev.eventcore.internal;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import java.util.Optional;

/**
 * The first readable event matching a filter after a position, found with reads of one event:
 * what "is anything waiting?" needs, at the cost of finding one event rather than counting all
 * of them (a count scans the whole backlog of a reader that lags far behind).
 */
public final class LogProbe {
  /** Reads after which a probe gives up: each scans up to a store's page of other events. */
  private static final int MAX_READS = 16;

  private LogProbe() {}

  /**
   * The first event matching {@code filter} strictly after {@code after} that is readable now,
   * raw if it cannot be decoded; empty when there is none, or when none turned up within {@value
   * #MAX_READS} reads (a long run of events the filter does not match).
   */
  public static Optional<RecordedEvent<?>> firstAfter(
      EventStore store, GlobalPosition after, EventFilter filter) {
    return find(store, after, filter, MAX_READS);
  }

  /**
   * Whether an event matching {@code filter} is readable after {@code after}; unlike {@link
   * #firstAfter}, never gives up: it is exact, however long the run of other events.
   */
  public static boolean anyAfter(EventStore store, GlobalPosition after, EventFilter filter) {
    return find(store, after, filter, Integer.MAX_VALUE).isPresent();
  }

  private static Optional<RecordedEvent<?>> find(
      EventStore store, GlobalPosition after, EventFilter filter, int maxReads) {
    EventFilter evenRaw = filter.deliveringUndecodable();
    GlobalPosition from = after;
    for (int i = 0; i < maxReads; i++) {
      LogPage page = store.readAll(from, 1, evenRaw);
      if (!page.events().isEmpty()) {
        return Optional.of(page.events().get(0));
      }
      if (!page.scannedTo().isAfter(from)) {
        return Optional.empty();
      }
      from = page.scannedTo();
    }
    return Optional.empty();
  }
}
