package dev.eventcore;

import dev.eventcore.dcb.DcbStore;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The event store: append events to streams, read them back per stream or store-wide, subscribe.
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore()) {
 *   StreamId order = StreamId.of("order", "42");
 *   store.append(order, ExpectedVersion.noStream(), List.of(EventData.of(new OrderPlaced("42"))));
 *   List<RecordedEvent<?>> history = store.readStream(order);
 * }
 * }</pre>
 *
 * <p>Semantics shared by every adapter (the contract suite in {@code eventcore-testkit} checks
 * them):
 *
 * <ul>
 *   <li>An append is all or nothing; a multi-stream append checks every stream's expected version
 *       and writes every stream, or writes nothing.
 *   <li>A wrong expected version throws {@link WrongExpectedVersionException} with the stream, the
 *       expected and the actual version.
 *   <li>Appending the same event ids again to the same stream positions returns the original result
 *       and writes nothing; reusing an id anywhere else throws {@link DuplicateEventIdException}.
 *   <li>{@link #readAll} and subscriptions never skip an event; positions a reader sees are strictly
 *       increasing, except that the events read from one stored event by a splitting {@link
 *       dev.eventcore.serialization.Upcaster} share its position (and version and id).
 *   <li>Bad input fails with a clear exception before anything is written.
 * </ul>
 *
 * <p><b>Stored events that cannot be decoded</b> (written by an older version or by hand, or
 * corrupted: an unknown type name, data that does not fit its class, an upcaster that throws,
 * metadata that cannot be read) are never skipped and never stop the store for good. By default a
 * read stops at such an event: {@link #readStream} and {@link #readAll} throw {@link
 * UndecodableEventException}, which names its position, stream, version and type and carries its
 * raw {@link UndecodableEvent} envelope ({@code readAll} first returns the events before it), and
 * a subscription fails there. A filter can instead hand it over raw ({@link
 * EventFilter#deliveringUndecodable()}): the filtered {@link #readAll(GlobalPosition, int,
 * EventFilter)} and {@link #subscribe(GlobalPosition, EventFilter, EventHandler)} then deliver it
 * at its position as a {@code RecordedEvent<UndecodableEvent>} and go on past it:
 *
 * <pre>{@code
 * EventFilter raw = EventFilter.all().deliveringUndecodable();
 * LogPage page = store.readAll(after, 500, raw);
 * for (RecordedEvent<?> event : page.events()) {
 *   if (event.payload() instanceof UndecodableEvent envelope) {
 *     log.warn("cannot decode {}: {}", event.describe(), envelope.reason());
 *   }
 * }
 * after = page.scannedTo();   // past it: nothing was skipped, it occupies its position
 * }</pre>
 *
 * <p>Projections subscribe that way and apply their {@code ErrorPolicy} to such an event.
 *
 * <p>Every read applies the upcasters of the store's {@code EventTypes}; {@code maxCount} counts
 * stored events, so a read of split events may return more than {@code maxCount}. Filters name
 * today's type names.
 *
 * <p>Thread-safe and synchronous. {@link #close()} stops subscriptions and releases resources.
 *
 * @since 0.1.0
 */
public interface EventStore extends EventQueries, StreamDeletions, StreamArchiving, AutoCloseable {

  /**
   * Appends {@code events} to {@code stream} if its version satisfies {@code expected}.
   *
   * @param events at least one event
   * @return the stream's new version and the positions written
   * @throws WrongExpectedVersionException if the stream's version does not satisfy {@code expected}
   * @throws DuplicateEventIdException if an id is reused and this is not a retry
   * @throws IllegalArgumentException if {@code events} is empty or an event is invalid
   */
  AppendResult append(StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events);

  /**
   * Appends to several streams in one atomic transaction: every expected version is checked and
   * every stream written, or nothing is. A {@link StreamAppend} with no events is a pure version
   * check. A stream may appear only once.
   *
   * @param appends at least one, writing at least one event in all
   */
  AppendResult append(List<StreamAppend> appends);

  /**
   * Reads up to {@code maxCount} events of {@code stream} in version order, starting at version
   * {@code from} (inclusive; {@link Version#NONE} means from the first event).
   *
   * @return the events, empty when the stream is absent or shorter than {@code from}
   * @throws UndecodableEventException if one of them cannot be decoded
   */
  @Override
  List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount);

  /**
   * Reads as {@link #readStream(StreamId, Version, int)} does, except that with {@link
   * OnUndecodable#DELIVER_RAW} a stored event that cannot be decoded is in the result raw, at its
   * version, as a {@link RecordedEvent} of its {@link UndecodableEvent} envelope, instead of
   * stopping the read: for tools that inspect streams without the application's event classes.
   * Adapters read the page once; this default reads again after each undecodable event.
   *
   * @throws UndecodableEventException with {@link OnUndecodable#STOP}, as the plain read does
   */
  default List<RecordedEvent<?>> readStream(
      StreamId stream, Version from, int maxCount, OnUndecodable onUndecodable) {
    Objects.requireNonNull(onUndecodable, "onUndecodable");
    if (onUndecodable == OnUndecodable.STOP) {
      return readStream(stream, from, maxCount);
    }
    List<RecordedEvent<?>> events = new ArrayList<>();
    Version next = from;
    while (events.size() < maxCount) {
      try {
        events.addAll(readStream(stream, next, maxCount - events.size()));
        return events;
      } catch (UndecodableEventException e) {
        long at = e.event().version().value();
        if (at > Math.max(1, next.value())) {
          events.addAll(readStream(stream, next, (int) (at - Math.max(1, next.value()))));
        }
        events.add(e.event());
        next = Version.of(at + 1);
      }
    }
    return events;
  }

  /**
   * Reads the whole stream in version order; empty when it does not exist.
   *
   * @throws UndecodableEventException if one of its events cannot be decoded
   */
  List<RecordedEvent<?>> readStream(StreamId stream);

  /**
   * Reads {@code stream} from version {@code from} (inclusive; {@link Version#NONE} means from the
   * first event) to its end, handing each event to {@code action} as it is read, in version order.
   * A long stream is never held in memory at once: adapters read it in chunks of about a thousand
   * events (PostgreSQL: one statement and cursor). For folding state and for exports:
   *
   * <pre>{@code
   * long[] total = {0};
   * store.readStream(account, Version.NONE, event -> total[0] += amountOf(event));
   * }</pre>
   *
   * <p>The events handed over are the stream's from {@code from} up to its end at some moment
   * during the call. An exception thrown by {@code action} stops the read and propagates; the store
   * stays usable. This default reads pages with {@link #readStream(StreamId, Version, int)}.
   *
   * @return how many events were handed to {@code action}
   * @throws UndecodableEventException at the first event that cannot be decoded, after the events
   *     before it were handed over
   */
  default long readStream(
      StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(action, "action");
    final int page = 1_000;
    long handed = 0;
    Version next = from;
    while (true) {
      List<RecordedEvent<?>> events;
      try {
        events = readStream(stream, next, page);
      } catch (UndecodableEventException e) {
        long at = e.event().version().value();
        long start = Math.max(1, next.value());
        if (at > start) {
          for (RecordedEvent<?> event : readStream(stream, next, (int) (at - start))) {
            action.accept(event);
            handed++;
          }
        }
        throw e;
      }
      for (RecordedEvent<?> event : events) {
        action.accept(event);
      }
      handed += events.size();
      if (events.size() < page) {
        return handed;
      }
      next = events.get(events.size() - 1).version().next();
    }
  }

  /**
   * Reads {@code stream}'s payloads from version {@code from} (as {@link #readStream(StreamId,
   * Version, Consumer)} does) to its end, handing each to {@code action} with its version: the
   * read an aggregate folds, which needs neither metadata, event ids, positions nor times, so a
   * store need not read them (PostgreSQL reads half the columns of a long stream). Payloads are
   * upcast as in every read. A store that reads only payloads decodes only them: an event whose
   * payload cannot be decoded stops the read as a stream read would, one whose metadata alone cannot
   * be decoded is folded all the same.
   *
   * <pre>{@code
   * store.readPayloads(account, Version.NONE, (payload, version) -> state = evolve(state, payload));
   * }</pre>
   *
   * <p>This default hands over the payloads of {@link #readStream(StreamId, Version, Consumer)}.
   *
   * @return how many payloads were handed to {@code action}
   * @throws UndecodableEventException at the first event that cannot be decoded, after the payloads
   *     before it were handed over
   */
  default long readPayloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
    Objects.requireNonNull(action, "action");
    return readStream(stream, from, event -> action.accept(event.payload(), event.version().value()));
  }

  /** The stream's version: the number of its events, {@link Version#NONE} when absent. */
  @Override
  Version currentVersion(StreamId stream);

  /**
   * Lists the streams {@code query} selects, with each one's version and the time its last event
   * was recorded, in {@link StreamQuery#ID_ORDER}: at most {@link StreamQuery#limit()} of them,
   * after {@link StreamQuery#after()}. Page through every stream by passing the last id of a page
   * to {@link StreamQuery#startingAfter}. A stream is listed once it has events, as {@link
   * #readStream} sees them; adapters answer from an index, at a cost that grows with the page, not
   * with the store.
   */
  List<StreamInfo> streams(StreamQuery query);

  /**
   * Reads up to {@code maxCount} events of the store-wide log strictly after {@code after}, in
   * position order. Paging with the last position returned never skips an event, even when
   * concurrent transactions commit out of order.
   *
   * <p>The page ends before a stored event that cannot be decoded; a read that starts at it throws
   * {@link UndecodableEventException}. To read past it, use {@link #readAll(GlobalPosition, int,
   * EventFilter)} with {@link EventFilter#deliveringUndecodable()}.
   */
  @Override
  List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount);

  /**
   * Delivers every event after {@code after} to {@code handler}, in global order, exactly once:
   * first from history, then live within milliseconds of each commit. A handler exception stops the
   * subscription; {@link Subscription#failure()} then holds it with the event's position. So does
   * a stored event that cannot be decoded (the cause is an {@link UndecodableEventException}); to
   * receive such events raw, subscribe with {@link EventFilter#deliveringUndecodable()}.
   *
   * <p>{@code after} is {@link GlobalPosition#START} or a position this store handed out (of an
   * event read, or of an {@link AppendResult}); subscribing right after the position an append
   * just returned is fine, even before that event is readable by others. A position beyond the
   * end of the store, which it never handed out, is refused at once rather than waited for: it is
   * a checkpoint from another store or database, or from before a restore, and new events would
   * get lower positions and never reach the subscriber. What "beyond the end" means depends on
   * the adapter: in memory, after the last event; on PostgreSQL, in a transaction the server has
   * not assigned yet (a checkpoint from another database with lower positions cannot be told
   * apart there). {@link #readAll} after such a position is merely empty.
   *
   * @throws IllegalArgumentException if {@code after} is beyond the end of this store
   */
  Subscription subscribe(GlobalPosition after, EventHandler handler);

  /**
   * Dynamic consistency boundaries on this store's log: reads by event types and tags, and appends
   * on the condition that nothing matching was written since ({@link DcbStore}).
   * @throws UnsupportedOperationException if the adapter does not implement them
   */
  default DcbStore boundaries() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support"
        + " dynamic consistency boundaries; use the in-memory or the PostgreSQL store");
  }

  /**
   * Reads up to {@code maxCount} events matching {@code filter} strictly after {@code after}, in
   * position order, and reports how far the store scanned: paging with {@link
   * LogPage#scannedTo()} never skips a matching event and moves past those that do not match.
   *
   * <p>A stored event that cannot be decoded is in the page raw, at its position, when the filter
   * says {@link EventFilter#deliveringUndecodable()}; otherwise the page ends before it, and a read
   * that starts at it throws {@link UndecodableEventException}.
   *
   * <p>Adapters push the filter down; this default reads {@code maxCount} events and filters them
   * (and so always stops at an undecodable event).
   */
  @Override
  default LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    return LogPage.filter(readAll(after, maxCount), after, filter);
  }

  /**
   * Counts the events matching {@code filter} strictly after {@code after} that are readable now:
   * a reader's lag. Adapters count natively; this default pages through {@link #readAll(
   * GlobalPosition, int, EventFilter)}.
   */
  default long countAfter(GlobalPosition after, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    long count = 0;
    GlobalPosition position = after;
    while (true) {
      LogPage page = readAll(position, 10_000, filter);
      count += page.events().size();
      if (!page.scannedTo().isAfter(position)) {
        return count;
      }
      position = page.scannedTo();
    }
  }

  /**
   * {@link #subscribe(GlobalPosition, EventHandler)} delivering only the events that match {@code
   * filter}; {@link Subscription#position()} still moves past those that do not. With {@link
   * EventFilter#deliveringUndecodable()}, a stored event that cannot be decoded reaches the handler
   * as a {@code RecordedEvent<UndecodableEvent>}; otherwise the subscription fails there. Adapters
   * push the filter down; this default filters in the handler (and always stops at such events).
   */
  default Subscription subscribe(GlobalPosition after, EventFilter filter, EventHandler handler) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(handler, "handler");
    if (filter.matchesAll()) {
      return subscribe(after, handler);
    }
    return subscribe(
        after,
        new EventHandler() {
          @Override
          public void handle(RecordedEvent<?> event) throws Exception {
            if (filter.matches(event)) {
              handler.handle(event);
            }
          }

          @Override
          public void caughtUp() throws Exception {
            handler.caughtUp();
          }
        });
  }

  /** Stops every subscription and releases the store's resources. Idempotent. */
  @Override
  void close();
}
