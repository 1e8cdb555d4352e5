package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.serialization.Upcaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the upcaster chains of the store's {@link EventTypes} to what an adapter read, the one
 * place every read path of every adapter goes through. Filters name current types: the adapter is
 * asked for the stored names too, and the upcast events are filtered again. Events read from one
 * stored event (a split) are marked with {@link Upcaster#PART_KEY}.
 */
final class Upcasting {
  private final EventTypes types;

  Upcasting(EventTypes types) {
    this.types = types;
  }

  /** The filter to push down to storage: its types plus the stored names that upcast to them. */
  EventFilter storedFilter(EventFilter filter) {
    if (!types.hasUpcasters() || filter.types().isEmpty()) {
      return filter;
    }
    Set<String> stored = types.storedNamesOf(filter.types());
    return stored.equals(filter.types()) ? filter : new EventFilter(filter.categories(), stored);
  }

  /** A stream's events: every failure is thrown. */
  List<RecordedEvent<?>> stream(List<RecordedEvent<?>> stored) {
    if (!types.hasUpcasters()) {
      return stored;
    }
    List<RecordedEvent<?>> out = new ArrayList<>(stored.size());
    for (RecordedEvent<?> event : stored) {
      out.addAll(types.upcast(event));
    }
    return marked(out);
  }

  /** A page of the log: an event that fails after good ones ends the page before it. */
  List<RecordedEvent<?>> log(List<RecordedEvent<?>> stored) {
    if (!types.hasUpcasters()) {
      return stored;
    }
    return marked(upcastPrefix(stored, EventFilter.all()).events());
  }

  /** A filtered page: upcast, filtered by {@code filter}; a failure ends it before the event. */
  LogPage page(LogPage stored, EventFilter filter) {
    if (!types.hasUpcasters()) {
      return stored;
    }
    Prefix prefix = upcastPrefix(stored.events(), filter);
    GlobalPosition scannedTo = prefix.failedAt() < 0
        ? stored.scannedTo()
        : stored.events().get(prefix.failedAt() - 1).position(); // the next read fails on it
    return new LogPage(marked(prefix.events()), scannedTo);
  }

  /** The events read, and the index of the stored event that failed after them, or -1. */
  private record Prefix(List<RecordedEvent<?>> events, int failedAt) {}

  private Prefix upcastPrefix(List<RecordedEvent<?>> stored, EventFilter filter) {
    List<RecordedEvent<?>> out = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      List<RecordedEvent<?>> read;
      try {
        read = types.upcast(stored.get(i));
      } catch (EventStoreException e) {
        if (i == 0) {
          throw e;
        }
        return new Prefix(out, i);
      }
      for (RecordedEvent<?> event : read) {
        if (filter.matches(event)) {
          out.add(event);
        }
      }
    }
    return new Prefix(out, -1);
  }

  /** Marks each event of a stored event read as several: "1/2", "2/2". */
  private static List<RecordedEvent<?>> marked(List<RecordedEvent<?>> events) {
    List<RecordedEvent<?>> out = null;
    int i = 0;
    while (i < events.size()) {
      GlobalPosition position = events.get(i).position();
      int end = i + 1;
      while (end < events.size() && events.get(end).position().equals(position)) {
        end++;
      }
      if (end - i > 1) {
        if (out == null) {
          out = new ArrayList<>(events);
        }
        for (int k = i; k < end; k++) {
          RecordedEvent<?> e = events.get(k);
          out.set(k, new RecordedEvent<>(e.position(), e.streamId(), e.version(), e.id(), e.type(),
              e.payload(), e.metadata().with(Upcaster.PART_KEY, (k - i + 1) + "/" + (end - i)),
              e.recordedAt()));
        }
      }
      i = end;
    }
    return out == null ? events : out;
  }
}
