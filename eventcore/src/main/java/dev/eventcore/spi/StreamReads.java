package dev.eventcore.spi;

import dev.eventcore.GlobalPosition;
import dev.eventcore.OnUndecodable;
import dev.eventcore.ReadLimits;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The stream reads and log queries of a {@link ComposedEventStore}: each one observed, its events
 * upcast, and an undecodable event resolved by the store's rule. A query the adapter cannot answer
 * is empty here, and the store composes it from its other reads. A payload read hands
 * over the payloads before an undecodable one, then reads that one event whole, so that the same
 * {@link dev.eventcore.UndecodableEventException} as a stream read's names it.
 */
final class StreamReads {
  private final EventStorage storage;
  private final Upcasting upcasting;
  private final Observer observer;
  private final Runnable ensureOpen;

  /** @param ensureOpen throws if the store is closed */
  StreamReads(EventStorage storage, Upcasting upcasting, Observer observer, Runnable ensureOpen) {
    this.storage = storage;
    this.upcasting = upcasting;
    this.observer = observer;
    this.ensureOpen = ensureOpen;
  }

  /** Up to {@code maxCount} events from version {@code from} (from the first when below 1). */
  List<RecordedEvent<?>> page(
      StreamId stream, Version from, int maxCount, OnUndecodable onUndecodable) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(onUndecodable, "onUndecodable");
    ReadLimits.requireCount(maxCount);
    ensureOpen.run();
    long first = Math.max(1, from.value());
    return upcasting.stream(StoreObservations.read(observer, ReadKind.STREAM,
        () -> storage.readStream(stream, first, maxCount), List::size), onUndecodable);
  }

  /** The whole stream. */
  List<RecordedEvent<?>> whole(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    ensureOpen.run();
    return upcasting.stream(StoreObservations.read(observer, ReadKind.STREAM, () -> {
      List<RecordedEvent<?>> all = new ArrayList<>();
      storage.readStream(stream, 1, all::addAll);
      return all;
    }, List::size), OnUndecodable.STOP);
  }

  /** The events from version {@code from} on, handed to {@code action}; how many. */
  long streamed(StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
    return streamed(stream, checked(stream, from, action), action);
  }

  /** The payloads from version {@code from} on, handed to {@code action}; how many. */
  long payloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
    long first = checked(stream, from, action);
    if (upcasting.active()) { // upcasters see whole events: the full read applies them
      return streamed(stream, first, e -> action.accept(e.payload(), e.version().value()));
    }
    return StoreObservations.read(
        observer, ReadKind.STREAM, () -> stored(stream, first, action), StreamReads::events);
  }

  /** The first version to read for {@code from}, once the arguments and the store are checked. */
  private long checked(StreamId stream, Version from, Object action) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(action, "action");
    ensureOpen.run();
    return Math.max(1, from.value());
  }

  private long streamed(StreamId stream, long first, Consumer<? super RecordedEvent<?>> action) {
    long[] handed = {0};
    return StoreObservations.read(observer, ReadKind.STREAM, () -> {
      storage.readStream(stream, first, chunk -> handed[0] += upcasting.handOver(chunk, action));
      return handed[0];
    }, StreamReads::events);
  }

  /** Up to {@code maxCount} events from version {@code from} down, newest first, if the adapter can. */
  Optional<List<RecordedEvent<?>>> backwards(StreamId stream, Version from, int maxCount) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    ReadLimits.requireCount(maxCount);
    return StoreObservations.read(observer, ReadKind.STREAM,
        () -> storage.readStreamBackwards(stream, from.value(), maxCount), StreamReads::count)
        .map(newestFirst -> {
          List<RecordedEvent<?>> events = new ArrayList<>(newestFirst);
          Collections.reverse(events); // upcast in stream order: a split's parts keep theirs
          events = new ArrayList<>(upcasting.stream(events, OnUndecodable.STOP));
          Collections.reverse(events);
          return Collections.unmodifiableList(events);
        });
  }

  /** The log position at {@code instant}, if the adapter can find it. */
  Optional<GlobalPosition> positionAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return storage.positionAt(instant);
  }

  /** Events of correlation id {@code id} after {@code after}, if the adapter can find them. */
  Optional<List<RecordedEvent<?>>> correlated(String id, GlobalPosition after, int maxCount) {
    ReadLimits.requireCorrelationId(id);
    Objects.requireNonNull(after, "after");
    ReadLimits.requireCount(maxCount);
    return StoreObservations.read(observer, ReadKind.LOG,
        () -> storage.readCorrelated(id, after, maxCount), StreamReads::count)
        .map(events -> upcasting.stream(events, OnUndecodable.STOP));
  }

  private static int count(Optional<List<RecordedEvent<?>>> read) {
    return read.map(List::size).orElse(0);
  }

  private static int events(long count) {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  /** Stops the adapter's read at an undecodable payload; no stack trace, it never escapes. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long version;

    Stop(long version) {
      super(null, null, false, false);
      this.version = version;
    }
  }

  private long stored(StreamId stream, long first, ObjLongConsumer<Object> action) {
    long handed = 0;
    long next = first;
    while (true) {
      long[] count = {0};
      try {
        storage.readPayloads(stream, next, (payload, version) -> {
          if (payload instanceof UndecodableEvent) {
            throw new Stop(version);
          }
          action.accept(payload, version);
          count[0]++;
        });
        return handed + count[0];
      } catch (Stop stop) {
        handed += count[0];
        // the whole event, as a stream read returns it: throws the typed exception naming it
        List<RecordedEvent<?>> whole =
            upcasting.stream(storage.readStream(stream, stop.version, 1), OnUndecodable.STOP);
        for (RecordedEvent<?> event : whole) { // decodable after all (rewritten meanwhile)
          action.accept(event.payload(), event.version().value());
          handed++;
        }
        next = stop.version + 1;
      }
    }
  }
}
