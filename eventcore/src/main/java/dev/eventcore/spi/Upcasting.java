package dev.eventcore.spi;

import dev.eventcore.EventFilter;
import dev.eventcore.EventStoreException;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.UndecodableEventException;
import dev.eventcore.UnknownEventTypeException;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.QueryItem;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.serialization.Upcaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies the upcaster chains of the store's {@link EventTypes} to what an adapter read, the one
 * place every read path of every adapter goes through. Filters name current types: the adapter is
 * asked for the stored names too, and the upcast events are filtered again. Events read from one
 * stored event (a split) are marked with {@link RecordedEvent#PART_KEY}.
 *
 * <p>Here, too, every undecodable event is resolved: one the adapter could not decode (its payload
 * is already an {@link UndecodableEvent}) or one whose upcaster throws. Under {@link
 * OnUndecodable#STOP} a read returns the events before it and throws {@link
 * UndecodableEventException} when it is the first; under {@link OnUndecodable#DELIVER_RAW} it is
 * returned raw in its place.
 */
final class Upcasting {

  /** The raw envelope of a stored event whose upcaster failed (the adapter knows the stored text). */
  interface RawEnvelopes {
    UndecodableEvent of(RecordedEvent<?> stored, int revision, String reason);
  }

  private final EventTypes types;
  private final RawEnvelopes envelopes;

  Upcasting(EventTypes types, RawEnvelopes envelopes) {
    this.types = types;
    this.envelopes = envelopes;
  }

  /** Whether any upcaster is registered: without one, stored payloads are the events. */
  boolean active() {
    return types.hasUpcasters();
  }

  /** The filter to push down to storage: its types plus the stored names that upcast to them. */
  EventFilter storedFilter(EventFilter filter) {
    if (!types.hasUpcasters() || filter.types().isEmpty()) {
      return filter;
    }
    Set<String> stored = types.storedNamesOf(filter.types());
    return stored.equals(filter.types())
        ? filter : new EventFilter(filter.categories(), stored, filter.onUndecodable());
  }

  /**
   * A boundary query as stored: each item's types widened to the stored names read as them, so
   * that a read or a condition pushed down to storage misses no event stored under an old name.
   */
  DcbQuery storedQuery(DcbQuery query) {
    if (!types.hasUpcasters()) {
      return query;
    }
    List<QueryItem> items = new ArrayList<>(query.items().size());
    boolean widened = false;
    for (QueryItem item : query.items()) {
      Set<String> stored = types.storedNamesOf(item.types());
      widened |= !stored.equals(item.types());
      items.add(stored.equals(item.types()) ? item : QueryItem.of(stored, item.tags()));
    }
    return widened ? new DcbQuery(items) : query;
  }

  /**
   * A boundary read's stored events upcast, the parts of a split marked among those {@code filter}
   * keeps; an undecodable event is thrown, as a boundary read never ends early.
   */
  List<RecordedEvent<?>> boundary(List<RecordedEvent<?>> stored, EventFilter filter) {
    if (!types.hasUpcasters() && !anyRaw(stored)) {
      return stored;
    }
    Prefix prefix = resolve(stored, filter);
    if (prefix.stoppedAt() >= 0) {
      throw prefix.stop();
    }
    return marked(prefix.events());
  }

  /**
   * A stream's events: an undecodable event thrown as the typed exception, or, with {@link
   * OnUndecodable#DELIVER_RAW}, raw in its place.
   */
  List<RecordedEvent<?>> stream(List<RecordedEvent<?>> stored, OnUndecodable onUndecodable) {
    if (!types.hasUpcasters() && !anyRaw(stored)) {
      return stored;
    }
    Prefix prefix = resolve(stored, onUndecodable == OnUndecodable.DELIVER_RAW
        ? EventFilter.all().deliveringUndecodable() : EventFilter.all());
    if (prefix.stoppedAt() >= 0) {
      throw prefix.stop();
    }
    return marked(prefix.events());
  }

  /**
   * Hands a chunk of a stream's events to {@code action}; at an undecodable event, throws the typed
   * exception after handing over the events before it. Returns how many were handed over.
   */
  int handOver(List<RecordedEvent<?>> stored, Consumer<? super RecordedEvent<?>> action) {
    List<RecordedEvent<?>> events = stored;
    UndecodableEventException stop = null;
    if (types.hasUpcasters() || anyRaw(stored)) {
      Prefix prefix = resolve(stored, EventFilter.all());
      events = marked(prefix.events());
      stop = prefix.stop();
    }
    for (RecordedEvent<?> event : events) {
      action.accept(event);
    }
    if (stop != null) {
      throw stop;
    }
    return events.size();
  }

  /** A page of the log: it ends before an undecodable event; one at its start is thrown. */
  List<RecordedEvent<?>> log(List<RecordedEvent<?>> stored) {
    if (!types.hasUpcasters() && !anyRaw(stored)) {
      return stored;
    }
    Prefix prefix = resolve(stored, EventFilter.all());
    if (prefix.stoppedAt() == 0) {
      throw prefix.stop();
    }
    return marked(prefix.events());
  }

  /**
   * A filtered page: upcast, filtered by {@code filter}; an undecodable event is raw in its place,
   * or, when the filter stops at it, ends the page before it (thrown when it is the first).
   */
  LogPage page(LogPage stored, EventFilter filter) {
    if (!types.hasUpcasters() && !anyRaw(stored.events())) {
      return stored;
    }
    Prefix prefix = resolve(stored.events(), filter);
    if (prefix.stoppedAt() == 0) {
      throw prefix.stop();
    }
    GlobalPosition scannedTo = prefix.stoppedAt() < 0
        ? stored.scannedTo()
        : stored.events().get(prefix.stoppedAt() - 1).position(); // the next read stops at it
    return new LogPage(marked(prefix.events()), scannedTo);
  }

  /**
   * The events read; when the filter stops at undecodable events, the index of the first stored
   * one (else -1), and the exception to throw for it.
   */
  private record Prefix(
      List<RecordedEvent<?>> events, int stoppedAt, @Nullable UndecodableEventException stop) {}

  private Prefix resolve(List<RecordedEvent<?>> stored, EventFilter filter) {
    boolean deliverRaw = filter.onUndecodable() == OnUndecodable.DELIVER_RAW;
    List<RecordedEvent<?>> out = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      RecordedEvent<?> event = stored.get(i);
      RecordedEvent<UndecodableEvent> raw = null;
      EventStoreException cause = null;
      List<RecordedEvent<?>> read = List.of();
      if (event.payload() instanceof UndecodableEvent) {
        raw = asRaw(event);
      } else {
        try {
          read = types.upcast(event);
        } catch (EventStoreException e) {
          cause = e;
          raw = upcastFailed(event, e);
        }
      }
      if (raw == null) {
        for (RecordedEvent<?> one : read) {
          if (filter.matches(one)) {
            out.add(one);
          }
        }
      } else if (deliverRaw) {
        out.add(raw); // it passed the stored filter: its stored name and stream
      } else {
        return new Prefix(out, i, new UndecodableEventException(raw, cause));
      }
    }
    return new Prefix(out, -1, null);
  }

  private RecordedEvent<UndecodableEvent> upcastFailed(RecordedEvent<?> stored, RuntimeException e) {
    int revision;
    try {
      revision = types.revisionOf(stored.payload().getClass());
    } catch (UnknownEventTypeException unknown) {
      revision = 1;
    }
    UndecodableEvent envelope = envelopes.of(stored, revision, String.valueOf(e.getMessage()));
    return new RecordedEvent<>(stored.position(), stored.streamId(), stored.version(), stored.id(),
        stored.type(), envelope, stored.metadata(), stored.recordedAt());
  }

  @SuppressWarnings("unchecked")
  private static RecordedEvent<UndecodableEvent> asRaw(RecordedEvent<?> event) {
    return (RecordedEvent<UndecodableEvent>) event;
  }

  private static boolean anyRaw(List<RecordedEvent<?>> events) {
    for (RecordedEvent<?> event : events) {
      if (event.payload() instanceof UndecodableEvent) {
        return true;
      }
    }
    return false;
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
              e.payload(), e.metadata().with(RecordedEvent.PART_KEY, (k - i + 1) + "/" + (end - i)),
              e.recordedAt()));
        }
      }
      i = end;
    }
    return out == null ? events : out;
  }
}
