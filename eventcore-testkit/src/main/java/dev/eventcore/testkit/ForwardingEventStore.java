package dev.eventcore.testkit;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.Version;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EventStore} that forwards the port's required methods to another store: the base for
 * test doubles that inject a fault into one call and leave the rest alone.
 *
 * <p>The required methods and the stream deletions are forwarded; the port's optional reads
 * (filtered reads, counts, filtered subscriptions) run their default implementations over the
 * forwarded ones, so a wrapper also exercises those defaults. The single-stream {@code append} goes through the multi-stream one,
 * so overriding {@link #append(List)} intercepts every append.
 *
 * <pre>{@code
 * EventStore flaky = new ForwardingEventStore(store) {
 *   @Override public AppendResult append(List<StreamAppend> appends) {
 *     AppendResult result = super.append(appends);
 *     throw new TransientStoreException("connection lost after commit", null, true);
 *   }
 * };
 * }</pre>
 *
 * @since 0.1.0
 */
public class ForwardingEventStore implements EventStore {
  private final EventStore delegate;

  /** @param delegate the store every call goes to */
  public ForwardingEventStore(EventStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  /** The store calls are forwarded to. */
  protected final EventStore delegate() {
    return delegate;
  }

  @Override
  public AppendResult append(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    return append(List.of(StreamAppend.of(stream, expected, events)));
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
  public List<RecordedEvent<?>> readStream(StreamId stream) {
    return delegate.readStream(stream);
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
  public Subscription subscribe(GlobalPosition after, EventHandler handler) {
    return delegate.subscribe(after, handler);
  }

  @Override
  public Subscription subscribe(GlobalPosition after, EventFilter filter, EventHandler handler) {
    return delegate.subscribe(after, filter, handler);
  }

  /** Closes the delegate. */
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
}
