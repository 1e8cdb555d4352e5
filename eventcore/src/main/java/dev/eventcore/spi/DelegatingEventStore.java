package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.OnUndecodable;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * An {@link EventStore} that forwards every method, the optional ones included, to another store:
 * the base of an adapter's public facade over a {@link ComposedEventStore}, and of decorators that
 * add to a few calls and keep the delegate's native reads and counts for the rest.
 *
 * <pre>{@code
 * final class AuditedStore extends DelegatingEventStore {
 *   AuditedStore(EventStore store) { super(store); }
 *
 *   @Override public AppendResult append(List<StreamAppend> appends) {
 *     audit.record(appends);
 *     return super.append(appends);
 *   }
 * }
 * }</pre>
 *
 * <p>The single-stream {@code append} is forwarded as it is (not through {@link #append(List)}).
 * So is {@link #boundaries()}: boundary appends go to the delegate's, past a decorator's {@code
 * append} (a boundary append carries a condition that a plain append cannot express). A decorator
 * that must see every write overrides {@code boundaries()} too, wrapping the delegate's.
 *
 * @since 0.1.0
 */
public abstract class DelegatingEventStore implements EventStore {
  private final EventStore delegate;

  /** @param delegate the store every call goes to */
  protected DelegatingEventStore(EventStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store calls are forwarded to. */
  protected final EventStore delegate() {
    return delegate;
  }

  @Override
  public DcbStore boundaries() {
    return delegate.boundaries();
  }

  @Override
  public AppendResult append(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    return delegate.append(stream, expected, events);
  }

  @Override
  public AppendResult append(List<StreamAppend> appends) {
    return delegate.append(appends);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
    return delegate.readStream(stream, from, maxCount);
  }

  @Override
  public List<RecordedEvent<?>> readStream(
      StreamId stream, Version from, int maxCount, OnUndecodable onUndecodable) {
    return delegate.readStream(stream, from, maxCount, onUndecodable);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream) {
    return delegate.readStream(stream);
  }

  @Override
  public long readStream(
      StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
    return delegate.readStream(stream, from, action);
  }

  @Override
  public long readPayloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
    return delegate.readPayloads(stream, from, action);
  }

  @Override
  public List<RecordedEvent<?>> readStreamBackwards(StreamId stream, Version from, int maxCount) {
    return delegate.readStreamBackwards(stream, from, maxCount);
  }

  @Override
  public GlobalPosition positionAt(Instant instant) {
    return delegate.positionAt(instant);
  }

  @Override
  public List<RecordedEvent<?>> readCorrelated(
      String correlationId, GlobalPosition after, int maxCount) {
    return delegate.readCorrelated(correlationId, after, maxCount);
  }

  @Override
  public Version currentVersion(StreamId stream) {
    return delegate.currentVersion(stream);
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    return delegate.streams(query);
  }

  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    return delegate.readAll(after, maxCount);
  }

  @Override
  public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return delegate.readAll(after, maxCount, filter);
  }

  @Override
  public long countAfter(GlobalPosition after, EventFilter filter) {
    return delegate.countAfter(after, filter);
  }

  @Override
  public Subscription subscribe(GlobalPosition after, EventHandler handler) {
    return delegate.subscribe(after, handler);
  }

  @Override
  public Subscription subscribe(GlobalPosition after, EventFilter filter, EventHandler handler) {
    return delegate.subscribe(after, filter, handler);
  }

  @Override
  public AppendResult deleteStream(StreamId stream, ExpectedVersion expected) {
    return delegate.deleteStream(stream, expected);
  }

  @Override
  public AppendResult hardDeleteStream(StreamId stream, ExpectedVersion expected) {
    return delegate.hardDeleteStream(stream, expected);
  }

  @Override
  public AppendResult restartStream(StreamId stream, List<? extends EventData<?>> events) {
    return delegate.restartStream(stream, events);
  }

  @Override
  public long truncateStream(StreamId stream, Version keepFrom) {
    return delegate.truncateStream(stream, keepFrom);
  }

  @Override
  public StreamStatus streamStatus(StreamId stream) {
    return delegate.streamStatus(stream);
  }

  @Override
  public long archiveStream(StreamId stream, Version before) {
    return delegate.archiveStream(stream, before);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
