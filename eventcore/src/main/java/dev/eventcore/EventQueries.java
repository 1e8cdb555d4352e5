package dev.eventcore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The reads of an {@link EventStore} that look at its events from another side than a stream's
 * first version or the log's start: a stream's newest events first, the log from a point in time,
 * and the events of one correlation id. For example, everything since Tuesday:
 *
 * <pre>{@code
 * GlobalPosition since = store.positionAt(tuesday);
 * store.subscribe(since, handler);                        // or page with readAll(since, ...)
 * List<RecordedEvent<?>> latest = store.readStreamBackwards(order, 10);
 * List<RecordedEvent<?>> flow = store.readCorrelated("order-42", GlobalPosition.START, 100);
 * }</pre>
 *
 * <p>Events of some types in a time range are a filtered read ({@link EventStore#readAll(
 * GlobalPosition, int, EventFilter)}) from {@link #positionAt} of the range's start, stopped at the
 * first event recorded at or after its end. A stream up to a version is {@link #readStream} from
 * version 1 with that version as the count (a million events a call at most; page past that).
 *
 * <p>The defaults here compose the store's other reads (a backwards read reads the same page
 * forwards; the others scan the log); adapters answer from indexes.
 *
 * @since 0.1.0
 */
public interface EventQueries {

  /** Reads up to {@code maxCount} events of {@code stream} from version {@code from}. */
  List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount);

  /** The stream's version: the number of its events, {@link Version#NONE} when absent. */
  Version currentVersion(StreamId stream);

  /** Reads up to {@code maxCount} events of the store-wide log strictly after {@code after}. */
  List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount);

  /**
   * Reads up to {@code maxCount} events matching {@code filter} strictly after {@code after}, and
   * how far the store scanned.
   */
  LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter);

  /**
   * The newest {@code maxCount} events of {@code stream}, newest first: its last event, then the
   * one before, and so on. Empty when the stream has no events.
   *
   * @throws IllegalArgumentException if {@code maxCount} is not 1 to 1,000,000
   * @throws UndecodableEventException if one of those events cannot be decoded
   */
  default List<RecordedEvent<?>> readStreamBackwards(StreamId stream, int maxCount) {
    return readStreamBackwards(stream, Version.of(Long.MAX_VALUE), maxCount);
  }

  /**
   * Up to {@code maxCount} events of {@code stream} from version {@code from} (inclusive) down to
   * version 1, newest first; from its last event when {@code from} is past it. Empty for {@link
   * Version#NONE} and for a stream with no events.
   *
   * @throws IllegalArgumentException if {@code maxCount} is not 1 to 1,000,000
   * @throws UndecodableEventException if one of those events cannot be decoded
   */
  default List<RecordedEvent<?>> readStreamBackwards(StreamId stream, Version from, int maxCount) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    ReadLimits.requireCount(maxCount);
    long last = Math.min(from.value(), currentVersion(stream).value());
    if (last < 1) {
      return List.of();
    }
    long first = Math.max(1, last - maxCount + 1);
    List<RecordedEvent<?>> events =
        new ArrayList<>(readStream(stream, Version.of(first), (int) (last - first + 1)));
    Collections.reverse(events);
    return Collections.unmodifiableList(events);
  }

  /**
   * The log position at {@code instant}: reading or subscribing after it starts with the first
   * event recorded at or after {@code instant}, then every event after that one in the log, for
   * "replay since Tuesday". A position before every event when the first event is that recent
   * ({@link GlobalPosition#START} for a store never reset); the end of the log when none is. Times come from the store (PostgreSQL: the transaction's start),
   * and a few events of a busy moment may be in the log in a slightly different order than their
   * times: such an event recorded before {@code instant} may follow the position, never one
   * recorded at or after it precede it.
   */
  default GlobalPosition positionAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    GlobalPosition before = GlobalPosition.START;
    while (true) { // an undecodable event has its time too: read raw
      List<RecordedEvent<?>> page =
          readAll(before, 1_000, EventFilter.all().deliveringUndecodable()).events();
      for (RecordedEvent<?> event : page) {
        if (!event.recordedAt().isBefore(instant)) {
          return before;
        }
        before = event.position();
      }
      if (page.isEmpty()) {
        return before;
      }
    }
  }

  /**
   * Up to {@code maxCount} events whose metadata has correlation id {@code correlationId}
   * ({@link Metadata#correlationId()}), strictly after {@code after}, in log order: what one
   * request, order or saga caused across every stream. Page with the last position returned. Like
   * {@link #readAll(GlobalPosition, int)} it never returns an event past one not yet readable; on
   * PostgreSQL an event this store has just appended may wait until older transactions end.
   *
   * @throws IllegalArgumentException if {@code correlationId} is empty or {@code maxCount} is not 1
   *     to 1,000,000
   * @throws UndecodableEventException if one of those events cannot be decoded
   */
  default List<RecordedEvent<?>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    ReadLimits.requireCorrelationId(correlationId);
    Objects.requireNonNull(after, "after");
    ReadLimits.requireCount(maxCount);
    List<RecordedEvent<?>> found = new ArrayList<>();
    GlobalPosition next = after;
    while (found.size() < maxCount) {
      LogPage page = readAll(next, 1_000, EventFilter.all().deliveringUndecodable());
      for (RecordedEvent<?> event : page.events()) {
        if (event.metadata().correlationId().filter(correlationId::equals).isEmpty()) {
          continue;
        }
        if (event.payload() instanceof UndecodableEvent) {
          @SuppressWarnings("unchecked")
          RecordedEvent<UndecodableEvent> raw = (RecordedEvent<UndecodableEvent>) event;
          throw new UndecodableEventException(raw, null);
        }
        found.add(event);
        if (found.size() == maxCount) {
          break;
        }
      }
      if (!page.scannedTo().isAfter(next)) {
        break; // the end
      }
      next = page.scannedTo();
    }
    return Collections.unmodifiableList(found);
  }
}
