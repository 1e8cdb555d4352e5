package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.DuplicateEventIdException;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.internal.LegacyStreamIds;
import dev.eventcore.internal.TenantKeys;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's view of a shared in-memory store, with the key scheme of PostgreSQL's tenants: every
 * stream the tenant writes is stored under the tenant, U+001F and its id (no stream id can hold
 * U+001F, so no id the tenant builds names another tenant's stream), and every read shows the
 * tenant only its own streams, under their own ids. The store over the shared state itself sees
 * every tenant, under the stored ids.
 */
final class TenantStorage implements EventStorage {
  private final MemoryStorage inner;
  private final MemoryState shared;
  private final TenantKeys keys;
  private final BiPredicate<StreamId, String> owned;

  TenantStorage(MemoryStorage inner, MemoryState shared, String tenant) {
    this.inner = inner;
    this.shared = shared;
    this.keys = TenantKeys.of(tenant);
    this.owned = (stream, type) -> keys.owns(stream.value());
  }

  private StreamId key(StreamId stream) {
    return LegacyStreamIds.read(keys.key(stream.value()));
  }

  /** The tenant's id of a stored stream it owns, or null for another tenant's. */
  private @Nullable StreamId local(StreamId stored) {
    return keys.owns(stored.value()) ? own(stored) : null;
  }

  /** The tenant's id of a stored stream; {@link IllegalStateException} for another tenant's. */
  private StreamId own(StreamId stored) {
    return StreamId.of(keys.local(stored.value()));
  }

  private List<RecordedEvent<?>> local(List<RecordedEvent<?>> events) {
    List<RecordedEvent<?>> out = new ArrayList<>(events.size());
    for (RecordedEvent<?> e : events) {
      out.add(new RecordedEvent<>(e.position(), own(e.streamId()), e.version(), e.id(), e.type(),
          e.payload(), e.metadata(), e.recordedAt()));
    }
    return out;
  }

  private PreparedAppend key(PreparedAppend append) {
    List<PreparedStream> streams = new ArrayList<>(append.streams().size());
    for (PreparedStream part : append.streams()) {
      streams.add(new PreparedStream(key(part.stream()), part.expected(), part.events()));
    }
    return new PreparedAppend(streams, append.eventCount());
  }

  private AppendResult local(AppendResult result) {
    Map<StreamId, Version> versions = new LinkedHashMap<>();
    result.versions().forEach((stream, version) -> versions.put(own(stream), version));
    return new AppendResult(versions, result.firstPosition(), result.lastPosition());
  }

  /** Runs a write, naming the tenant's own stream in the errors that name a stream. */
  private <T> T write(Supplier<T> write) {
    try {
      return write.get();
    } catch (WrongExpectedVersionException e) {
      throw new WrongExpectedVersionException(own(e.stream()), e.expected(), e.actual());
    } catch (StreamDeletedException e) {
      throw new StreamDeletedException(own(e.stream()), e.deletion());
    } catch (DuplicateEventIdException e) {
      // event ids are unique across tenants: where another tenant's event holds the id, say no
      // more than that it is taken (never that tenant's stream, version or position); where the
      // tenant's own does, say where, under the tenant's own ids
      MemoryState.Events state = shared.events();
      int holder = state.byId().find(e.eventId());
      if (holder >= 0 && !keys.owns(state.log().streamOf(holder).value())) {
        throw new DuplicateEventIdException(
            e.eventId(), "it is taken by an event of another tenant");
      }
      String message = String.valueOf(e.getMessage());
      throw new DuplicateEventIdException(e.eventId(), message
          .substring(message.indexOf(" is already used: ") + 18)
          .replace(keys.key(""), ""));
    }
  }

  @Override
  public AppendResult append(PreparedAppend append) {
    return local(write(() -> inner.append(key(append))));
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, long from, int maxCount) {
    return local(inner.readStream(key(stream), from, maxCount));
  }

  @Override
  public long readPayloads(StreamId stream, long from, ObjLongConsumer<Object> action) {
    return inner.readPayloads(key(stream), from, action);
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readStreamBackwards(
      StreamId stream, long from, int maxCount) {
    return inner.readStreamBackwards(key(stream), from, maxCount).map(this::local);
  }

  /** The position before the tenant's first event recorded at or after {@code instant}. */
  @Override
  public Optional<GlobalPosition> positionAt(Instant instant) {
    return Optional.of(LogReads.positionAt(shared.events(), instant, owned));
  }

  @Override
  public Optional<List<RecordedEvent<?>>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    return Optional.of(local(
        LogReads.correlated(shared.events(), correlationId, after, maxCount, owned)));
  }

  @Override
  public Version currentVersion(StreamId stream) {
    return inner.currentVersion(key(stream));
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    return MemoryStorage.streams(shared.events(), query, this::local);
  }

  /** Reads on past other tenants' events until it finds the tenant's or reaches the end. */
  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    return local(until(after, maxCount, owned).events());
  }

  /**
   * Reads on past other tenants' events until it finds a match or reaches the end, so that they
   * never use up the scan of a filtered read.
   */
  @Override
  public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return local(until(after, maxCount, matching(filter)));
  }

  private LogPage until(GlobalPosition after, int maxCount, BiPredicate<StreamId, String> match) {
    GlobalPosition from = after;
    while (true) {
      LogPage page = LogReads.filtered(shared.events(), from, maxCount, match);
      if (!page.events().isEmpty() || page.scannedTo().equals(from)) {
        return page;
      }
      from = page.scannedTo();
    }
  }

  private LogPage local(LogPage page) {
    return new LogPage(local(page.events()), page.scannedTo());
  }

  private BiPredicate<StreamId, String> matching(EventFilter filter) {
    return (stream, type) -> {
      StreamId local = local(stream);
      return local != null && filter.matches(local, type);
    };
  }

  @Override
  public void checkSubscriptionStart(GlobalPosition after) {
    inner.checkSubscriptionStart(after);
  }

  @Override
  public long countAfter(GlobalPosition after, EventFilter filter) {
    return LogReads.count(shared.events(), after, matching(filter));
  }

  @Override
  public AppendResult delete(PreparedAppend tombstone, Deletion deletion) {
    return local(write(() -> inner.delete(key(tombstone), deletion)));
  }

  @Override
  public AppendResult restart(PreparedAppend append) {
    return local(write(() -> inner.restart(key(append))));
  }

  @Override
  public long truncate(StreamId stream, long keepFrom) {
    return write(() -> inner.truncate(key(stream), keepFrom));
  }

  @Override
  public long archive(StreamId stream, long before) {
    return write(() -> inner.archive(key(stream), before));
  }

  @Override
  public StreamStatus status(StreamId stream) {
    StreamStatus status = inner.status(key(stream));
    return new StreamStatus(stream, status.version(), status.first(), status.deletion());
  }

  @Override
  public void close() {
    inner.close();
  }
}
