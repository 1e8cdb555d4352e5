package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * What an adapter implements: the storage under an event store. The store in core ({@link
 * ComposedEventStore}) does everything else once, for every adapter: argument checks, event
 * types, payload checks and size limits, upcasting, undecodable events, subscriptions and
 * observers. Each method receives only valid arguments.
 *
 * <pre>{@code
 * EventStore store = ComposedEventStore.builder(eventTypes)
 *     .build(context -> new MyStorage(connection, context));
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Every read returns a stored event it cannot decode
 * (unknown type, data that does not fit the class, unreadable metadata) in its place as a {@link
 * RecordedEvent} whose payload is its {@link UndecodableEvent} envelope, rather than throwing: the
 * store decides, per the reader's {@link dev.eventcore.OnUndecodable}, whether to stop there or hand
 * it over. The contract suite of {@code eventcore-testkit} checks an implementation.
 *
 * @since 0.1.0
 */
public interface EventStorage {

  /**
   * Writes {@code append} atomically: every stream's expected version holds and every event is
   * written, or nothing is. Throws {@link dev.eventcore.WrongExpectedVersionException} on a miss
   * and {@link dev.eventcore.DuplicateEventIdException} for an id stored elsewhere; returns the
   * original result for a retry of a stored append (see {@link IdempotentRetry}).
   */
  AppendResult append(PreparedAppend append);

  /** Reads up to {@code maxCount} events of {@code stream} from version {@code from} (>= 1). */
  List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount);

  /** The most events in one chunk of {@link #readStream(StreamId, long, Consumer)}. */
  int STREAM_CHUNK = 1_000;

  /**
   * Reads {@code stream} from version {@code from} (>= 1) to its end, handing the events to {@code
   * chunks} in version order, a chunk of at most {@link #STREAM_CHUNK} at a time, so that a long
   * stream is never held at once; an exception from {@code chunks} stops the read. Override to read
   * in one statement; this default reads pages with {@link #readStream(StreamId, long, int)}.
   */
  default void readStream(StreamId stream, long from, Consumer<List<RecordedEvent<?>>> chunks) {
    long next = from;
    while (true) {
      List<RecordedEvent<?>> page = readStream(stream, next, STREAM_CHUNK);
      if (!page.isEmpty()) {
        chunks.accept(page);
      }
      if (page.size() < STREAM_CHUNK) {
        return;
      }
      next = page.get(page.size() - 1).version().value() + 1;
    }
  }

  /**
   * Hands the payloads of {@code stream} from version {@code from} (>= 1) to its end to {@code
   * action} with their versions, in version order, and returns how many: the read an aggregate
   * folds. An adapter may skip what a fold does not need (metadata, ids, positions, times) and
   * then decodes only payloads; a payload it cannot decode is handed as its raw {@link
   * dev.eventcore.UndecodableEvent}, as {@link #readStream(StreamId, long, int)} would return it. This default hands over the payloads
   * of {@link #readStream(StreamId, long, Consumer)}.
   */
  default long readPayloads(StreamId stream, long from, ObjLongConsumer<Object> action) {
    long[] handed = {0};
    readStream(stream, from, chunk -> {
      for (RecordedEvent<?> event : chunk) {
        action.accept(event.payload(), event.version().value());
        handed[0]++;
      }
    });
    return handed[0];
  }

  /**
   * Up to {@code maxCount} events of {@code stream} from version {@code from} (0 gives none; past
   * the last means from the last) down, newest first, as this adapter reads them with an index; empty (the
   * default) when it has no such read, and the store reads the same page forwards.
   */
  default Optional<List<RecordedEvent<?>>> readStreamBackwards(
      StreamId stream, long from, int maxCount) {
    return Optional.empty();
  }

  /**
   * The log position at {@code instant} (see {@link dev.eventcore.EventQueries#positionAt}) as this
   * adapter finds it with an index; empty (the default) when it has no such read, and the store
   * scans the log.
   */
  default Optional<GlobalPosition> positionAt(Instant instant) {
    return Optional.empty();
  }

  /**
   * Up to {@code maxCount} events with correlation id {@code correlationId} after {@code after}, in
   * log order, never past an event a log read could not yet return; empty (the default) when this
   * adapter has no such read, and the store scans the log.
   */
  default Optional<List<RecordedEvent<?>>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    return Optional.empty();
  }

  /** The stream's current version; {@link Version#NONE} for a stream with no events. */
  Version currentVersion(StreamId stream);

  /** Reads up to {@code maxCount} events of the log strictly after {@code after}. */
  List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount);

  /** Lists the streams {@code query} selects; see {@link dev.eventcore.EventStore#streams}. */
  List<StreamInfo> streams(StreamQuery query);

  /**
   * Reads up to {@code maxCount} events matching {@code filter} strictly after {@code after}; see
   * {@link LogPage} for what {@code scannedTo} must promise. The filter names stored types.
   * Override to push the filter down; this default reads {@code maxCount} events and filters them.
   */
  default LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return LogPage.filter(readAll(after, maxCount), after, filter);
  }

  /**
   * Counts the readable events matching {@code filter} strictly after {@code after}. Override with
   * a native count; this default pages through {@link #readAll(GlobalPosition, int, EventFilter)}.
   */
  default long countAfter(GlobalPosition after, EventFilter filter) {
    return Paging.count((position, max) -> readAll(position, max, filter), after);
  }

  /**
   * Checks that a subscription may start after {@code after}. The default accepts every position;
   * an adapter that can tell a position was never handed out by this storage (a checkpoint from
   * another database, or from before a restore) throws {@link IllegalArgumentException}, so the
   * subscriber halts loudly instead of waiting forever for events that will get lower positions.
   */
  default void checkSubscriptionStart(GlobalPosition after) {
    // every position is plausible by default
  }

  /**
   * The raw envelope of {@code stored}, read as a legacy class whose upcaster then failed with
   * {@code reason}. This default renders the payload object ({@link UndecodableEvent#ofObject});
   * an adapter that stores encoded events returns the stored form.
   *
   * @param revision the stored revision of the event's type
   */
  default UndecodableEvent undecodable(RecordedEvent<?> stored, int revision, String reason) {
    return UndecodableEvent.ofObject(
        stored.type(), revision, stored.payload(), stored.metadata(), reason);
  }

  /**
   * Whether this storage committed events after {@code position} that the log may not show yet
   * (an older transaction holds them back): the store's log tailer then reads again within
   * milliseconds rather than after the poll interval. Default: every commit is readable at once.
   */
  default boolean ownCommitsPendingAfter(GlobalPosition position) {
    return false;
  }

  /**
   * Writes {@code tombstone} (one {@link dev.eventcore.StreamDeleted} event to one stream, checked
   * against its expected version as any append) and marks the stream deleted as {@code deletion}
   * says, atomically; {@link Deletion#HARD} also removes the stream's other events. From then on
   * the stream reads as empty and every append to it, including one already waiting for its
   * stream, fails with {@link dev.eventcore.StreamDeletedException}. A stream deleted already is
   * refused with that exception, except a soft deletion followed by a hard one. The default
   * throws {@link UnsupportedOperationException}.
   */
  default AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    throw new UnsupportedOperationException("this storage cannot delete streams");
  }

  /**
   * Clears the soft deletion of the one stream of {@code append} and writes its events (its
   * expected version is {@code any}), atomically: versions go on after the tombstone and reads
   * begin at the first of them. Throws {@link IllegalStateException} for a stream that is not
   * softly deleted, {@link dev.eventcore.StreamDeletedException} for a hard-deleted one.
   */
  default AppendResult restart(PreparedAppend append) {
    throw new UnsupportedOperationException("this storage cannot delete streams");
  }

  /**
   * Removes the events of {@code stream} below version {@code keepFrom} (2 to its version,
   * checked by the caller against a version read before: recheck it under the stream's lock) and
   * returns how many; see {@link dev.eventcore.StreamDeletions#truncateStream}.
   */
  default long truncate(StreamId stream, long keepFrom) {
    throw new UnsupportedOperationException("this storage cannot truncate streams");
  }

  /**
   * Moves the events of {@code stream} below version {@code before} (at least 2), but never its
   * last event, to the archive, and returns how many moved; see {@link
   * dev.eventcore.StreamArchiving#archiveStream}. Reads must return archived events as before.
   */
  default long archive(StreamId stream, long before) {
    throw new UnsupportedOperationException("this storage cannot archive streams");
  }

  /** Where {@code stream} stands; this default knows only its version. */
  default StreamStatus status(StreamId stream) {
    return StreamStatus.live(stream, currentVersion(stream));
  }

  /** Releases the storage's resources; called once, after every subscription stopped. */
  void close();
}
