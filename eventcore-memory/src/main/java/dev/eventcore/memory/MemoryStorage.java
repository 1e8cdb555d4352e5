package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.Metadata;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.spi.CheckedCodec;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The storage of {@link InMemoryEventStore}: a log of events in compact form ({@link EventLog}), an
 * index per stream and one of event ids, behind one write lock. Appends cost O(events); reads take
 * no lock and make only the events they return. Positions are dense from the state's base: after {@link MemoryState#reset}
 * they go on from the last one handed out, so no reader ever sees a position twice.
 */
final class MemoryStorage implements EventStorage {

  private final MemoryState shared;
  private final @Nullable CheckedCodec codec;
  private final MemoryDeletions deletions;

  /**
   * @param codec the codec every payload goes through and back before it is stored (so what could
   *     not be written to or read from a serializing store fails here too), or null to store the
   *     objects as given
   */
  MemoryStorage(MemoryState shared, @Nullable CheckedCodec codec) {
    this.shared = shared;
    this.codec = codec;
    this.deletions = new MemoryDeletions(shared);
  }

  @Override
  public AppendResult append(PreparedAppend append) {
    if (codec != null) {
      append = RoundTrip.of(append, codec); // before the lock: it may fail, and it takes time
    }
    shared.writeLock().lock();
    try {
      MemoryState.Events state = shared.events();
      AppendResult retried = state.retries().retriedResult(append);
      if (retried != null) {
        return retried;
      }
      for (PreparedStream part : append.streams()) {
        StreamLives.Life life = state.lives().of(part.stream());
        if (life != null && life.deletion() != null) {
          throw new StreamDeletedException(part.stream(), life.deletion());
        }
      }
      return writeChecked(state, shared.clock().instant(), append);
    } catch (WrongExpectedVersionException conflict) {
      shared.writeLock().conflicted();
      throw conflict;
    } finally {
      shared.writeLock().unlock();
    }
  }

  /** Checks the expected versions and writes {@code append}. Under the write lock. */
  static AppendResult writeChecked(MemoryState.Events state, Instant now, PreparedAppend append) {
    List<PreparedStream> parts = append.streams();
    // each stream's index, looked up once (null for a stream with no events yet); a list only
    // when there are several
    StreamIndex only = null;
    List<StreamIndex> targets = parts.size() == 1 ? null : new ArrayList<>(parts.size());
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      StreamIndex target = state.streams().get(part.stream());
      Version actual = currentVersion(target);
      if (!part.expected().isSatisfiedBy(actual)) {
        throw new WrongExpectedVersionException(part.stream(), part.expected(), actual);
      }
      if (targets == null) {
        only = target;
      } else {
        targets.add(target);
      }
    }
    if ((long) state.log().written() + append.eventCount() > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "the in-memory store holds at most " + Integer.MAX_VALUE + " events");
    }
    return write(state, now, parts, only, targets);
  }

  /** Writes {@code parts} to the log: {@code only}'s stream for one part, else {@code targets}. */
  private static AppendResult write(MemoryState.Events state, Instant now,
      List<PreparedStream> parts, @Nullable StreamIndex only, @Nullable List<StreamIndex> targets) {
    EventLog log = state.log();
    Map<StreamId, Version> versions = parts.size() == 1 ? null : new LinkedHashMap<>();
    // published after the log; a list only when there are several
    StreamIndex single = null;
    List<StreamIndex> written = parts.size() == 1 ? null : new ArrayList<>(parts.size());
    Version last = Version.NONE;
    int first = -1;
    int index = -1;
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      List<PreparedEvent> events = part.events();
      StreamIndex stream = targets == null ? only : targets.get(p);
      if (stream == null && !events.isEmpty()) {
        stream = new StreamIndex();
        state.streams().put(part.stream(), stream);
      }
      long version = stream == null ? 0 : stream.written();
      for (int e = 0; e < events.size(); e++) {
        PreparedEvent event = events.get(e);
        index = log.add(part.stream(), ++version, event.id(), event.type(), event.payload(),
            event.metadata(), now);
        if (first < 0) {
          first = index;
        }
        state.byId().add(event.id(), index);
        Objects.requireNonNull(stream, "created above for a part with events").add(index);
      }
      if (stream != null && written != null) {
        written.add(stream);
      } else if (stream != null) {
        single = stream;
      }
      last = Version.of(version); // with no events: a pure check
      if (versions != null) {
        versions.put(part.stream(), last);
      }
    }
    if (first < 0) {
      throw new IllegalStateException("an append writes at least one event");
    }
    // the log first: a reader that sees an event in its stream can subscribe after its position
    log.publish();
    if (single != null) {
      single.publish();
    }
    if (written != null) {
      written.forEach(StreamIndex::publish);
    }
    return new AppendResult(
        versions == null ? Map.of(parts.get(0).stream(), last) : versions,
        GlobalPosition.of(log.positionOf(first)), GlobalPosition.of(log.positionOf(index)));
  }

  private static Version currentVersion(@Nullable StreamIndex stream) {
    return stream == null ? Version.NONE : Version.of(stream.size());
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount) {
    MemoryState.Events state = shared.events();
    StreamIndex events = state.streams().get(stream);
    return events == null ? List.of()
        : state.log().copy(events, Math.max(from, state.lives().first(stream)) - 1, maxCount);
  }

  /** Hands over the stored payloads in place: no event is made. */
  @Override
  public long readPayloads(StreamId stream, long from, ObjLongConsumer<Object> action) {
    MemoryState.Events state = shared.events();
    StreamIndex events = state.streams().get(stream);
    if (events == null) {
      return 0;
    }
    int size = events.size(); // its events were in the log before they were published here
    EventLog log = state.log();
    long handed = 0;
    for (long i = Math.max(from, state.lives().first(stream)) - 1; i < size; i++) {
      action.accept(log.payloadOf(events.get((int) i)), i + 1);
      handed++;
    }
    return handed;
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readStreamBackwards(
      StreamId stream, long from, int maxCount) {
    MemoryState.Events state = shared.events();
    StreamIndex events = state.streams().get(stream);
    if (events == null) {
      return Optional.of(List.of());
    }
    int last = (int) Math.min(from, events.size());
    long first = state.lives().first(stream);
    List<RecordedEvent<?>> out = new ArrayList<>(Math.max(0, Math.min(maxCount, last)));
    for (int i = last - 1; i >= first - 1 && out.size() < maxCount; i--) {
      out.add(state.log().get(events.get(i)));
    }
    return Optional.of(out);
  }

  @Override
  public Optional<GlobalPosition> positionAt(Instant instant) {
    return Optional.of(LogReads.positionAt(shared.events(), instant));
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    return Optional.of(LogReads.correlated(shared.events(), correlationId, after, maxCount));
  }

  @Override
  public Version currentVersion(StreamId stream) {
    return currentVersion(shared.events().streams().get(stream));
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    return streams(shared.events(), query, stream -> stream);
  }

  /**
   * The streams {@code query} selects among those {@code view} shows: {@code view} turns a stored
   * id into the id its reader sees, or null for a stream it does not see.
   */
  static List<StreamInfo> streams(
      MemoryState.Events state, StreamQuery query, Function<StreamId, @Nullable StreamId> view) {
    List<StreamInfo> out = new ArrayList<>();
    for (Map.Entry<StreamId, StreamIndex> entry : state.streams().entrySet()) {
      int size = entry.getValue().size();
      StreamId seen = size > 0 ? view.apply(entry.getKey()) : null;
      if (seen != null && query.matches(seen)) {
        int last = entry.getValue().get(size - 1);
        out.add(new StreamInfo(seen, Version.of(size), state.log().recordedAtOf(last)));
      }
    }
    out.sort(Comparator.comparing(StreamInfo::stream, StreamQuery.ID_ORDER));
    return List.copyOf(out.subList(0, Math.min(out.size(), query.limit())));
  }

  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    return LogReads.all(shared.events(), after, maxCount);
  }

  /** Scans the log in place: events the filter leaves out are never copied. */
  @Override
  public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return LogReads.filtered(shared.events(), after, maxCount, filter);
  }

  /**
   * Refuses a start beyond the last position: positions are dense and published before the append
   * returns, so this store never handed such a position out (a checkpoint kept from an earlier
   * process's in-memory store, or from another store).
   */
  @Override
  public void checkSubscriptionStart(GlobalPosition after) {
    long last = shared.events().log().lastPosition();
    if (after.value() > last) {
      throw new IllegalArgumentException(
          "cannot subscribe after position " + after + ": it is beyond the end of this store"
              + " (last position " + last + ") and was never handed out by it. The checkpoint"
              + " belongs to another store (an in-memory store of an earlier run, another"
              + " database); the subscription would wait for events that can never come. Start"
              + " from GlobalPosition.START or from a position this store returned.");
    }
  }

  @Override
  public long countAfter(GlobalPosition after, EventFilter filter) {
    return LogReads.count(shared.events(), after, filter);
  }

  @Override
  public AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    return deletions.delete(codec == null ? tombstone : RoundTrip.of(tombstone, codec), deletion);
  }

  @Override
  public AppendResult restart(PreparedAppend append) {
    return deletions.restart(codec == null ? append : RoundTrip.of(append, codec));
  }

  @Override
  public long truncate(StreamId stream, long keepFrom) {
    return deletions.truncate(stream, keepFrom);
  }

  @Override
  public long archive(StreamId stream, long before) {
    return deletions.archive(stream, before);
  }

  @Override
  public StreamStatus status(StreamId stream) {
    return deletions.status(stream);
  }

  @Override
  public void close() {
    // nothing to release: the events go with the object
  }
}
