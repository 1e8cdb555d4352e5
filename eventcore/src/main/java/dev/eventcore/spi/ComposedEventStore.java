package dev.eventcore.spi;

import dev.eventcore.AppendResult;
import dev.eventcore.Deletion;
import dev.eventcore.EventData;
import dev.eventcore.EventFilter;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.OnUndecodable;
import dev.eventcore.ReadLimits;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.StreamStatus;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.dcb.DcbQuery;
import dev.eventcore.dcb.DcbRead;
import dev.eventcore.internal.WakeUpSignal;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * The one event store over every adapter's {@link EventStorage}: it validates each call once (so
 * every adapter rejects bad input alike, before touching storage), upcasts what it reads, runs
 * subscriptions and reports to the observer, and leaves only storage to the adapter.
 *
 * <pre>{@code
 * EventStore store = ComposedEventStore.builder(EventTypes.of(OrderEvent.class))
 *     .pollInterval(Duration.ofMillis(500))
 *     .build(context -> new MyStorage(connection, context));
 * }</pre>
 *
 * <p>Subscriptions share one log tailer per store, a thread that reads each new page of the log
 * once per wake-up and hands it to every live subscription to filter on its own thread. One that
 * starts behind, or overflows its buffer of {@link #SUBSCRIPTION_BUFFER_EVENTS} events, reads
 * alone with the storage's filtered read until it reaches the end. Thread-safe.
 *
 * @since 0.1.0
 */
public class ComposedEventStore implements EventStore {
  /** The largest page a single read call may ask for ({@link ReadLimits#MAX_READ_COUNT}). */
  public static final int MAX_READ_COUNT = ReadLimits.MAX_READ_COUNT;

  /** Events a live subscription may have waiting before it leaves the tailer to catch up alone. */
  public static final int SUBSCRIPTION_BUFFER_EVENTS = 10_000;

  private final EventStorage storage;
  private final AppendPreparer preparer;
  private final StreamReads reads;
  private final WakeUpSignal wakeUps;
  private final SubscriptionEngine subscriptions;
  private final Observer observer;
  private final StreamLifecycle lifecycle;
  private final GlobalLog log;
  private volatile boolean closed;

  private ComposedEventStore(Builder b, Function<StorageContext, EventStorage> factory) {
    this.observer = b.observer;
    this.wakeUps = new WakeUpSignal();
    EventTypes types = b.eventTypes.withStoreTypes();
    this.preparer = new AppendPreparer(types, b.limits, !b.encodesPayloads);
    ComposedContext context = new ComposedContext(types, b.limits, observer, wakeUps);
    this.storage = Objects.requireNonNull(factory.apply(context), "the storage factory's result");
    Upcasting upcasting = new Upcasting(types, storage::undecodable);
    this.lifecycle = new StreamLifecycle(storage, preparer, observer, wakeUps, this::ensureOpen);
    this.reads = new StreamReads(storage, upcasting, observer, this::ensureOpen);
    this.subscriptions = new SubscriptionEngine(this, storage, upcasting, wakeUps, b.pageSize,
        SUBSCRIPTION_BUFFER_EVENTS, b.pollInterval.toNanos(), b.logReadCoalescing.toNanos(),
        observer, b.threadFactory);
    this.log = new GlobalLog(storage, upcasting, observer, subscriptions, this::ensureOpen);
  }

  /**
   * A builder for a store accepting exactly {@code eventTypes} ({@link EventTypes#permissive()}
   * for any class).
   */
  public static Builder builder(EventTypes eventTypes) {
    return new Builder(eventTypes);
  }

  @Override
  public AppendResult append(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    return append(List.of(StreamAppend.writing(stream, expected, events)));
  }

  @Override
  public AppendResult append(List<StreamAppend> appends) {
    return appendCommitted(appends, storage::append);
  }

  /**
   * Checks and prepares {@code appends} as {@link #append(List)} does, then has {@code write} write
   * them (an adapter's own append, in a caller's transaction say); subscribers are not woken.
   */
  public AppendResult append(List<StreamAppend> appends, Function<PreparedAppend, AppendResult> write) {
    Objects.requireNonNull(write, "write"); // the observer's entries (a trace context) join them
    PreparedAppend prepared = preparer.prepare(StoreObservations.enrich(observer, appends));
    ensureOpen();
    return lifecycle.refusingDeleted(() -> StoreObservations.append(observer, prepared, write));
  }

  /** {@link #append(List, Function)} for a {@code write} that commits: subscribers are woken. */
  public AppendResult appendCommitted(
      List<StreamAppend> appends, Function<PreparedAppend, AppendResult> write) {
    AppendResult result = append(appends, write);
    wakeUps.signal();
    return result;
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
    return readStream(stream, from, maxCount, OnUndecodable.STOP);
  }

  @Override
  public List<RecordedEvent<?>> readStream(
      StreamId stream, Version from, int maxCount, OnUndecodable onUndecodable) {
    return reads.page(stream, from, maxCount, onUndecodable);
  }

  @Override
  public List<RecordedEvent<?>> readStream(StreamId stream) {
    return reads.whole(stream);
  }

  @Override
  public long readStream(
      StreamId stream, Version from, Consumer<? super RecordedEvent<?>> action) {
    return reads.streamed(stream, from, action);
  }

  @Override
  public long readPayloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
    return reads.payloads(stream, from, action);
  }

  @Override
  public List<RecordedEvent<?>> readStreamBackwards(StreamId stream, Version from, int maxCount) {
    ensureOpen();
    return reads.backwards(stream, from, maxCount)
        .orElseGet(() -> EventStore.super.readStreamBackwards(stream, from, maxCount));
  }

  @Override
  public GlobalPosition positionAt(Instant instant) {
    ensureOpen();
    return reads.positionAt(instant).orElseGet(() -> EventStore.super.positionAt(instant));
  }

  @Override
  public List<RecordedEvent<?>> readCorrelated(String id, GlobalPosition after, int maxCount) {
    ensureOpen();
    return reads.correlated(id, after, maxCount)
        .orElseGet(() -> EventStore.super.readCorrelated(id, after, maxCount));
  }

  @Override
  public Version currentVersion(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    ensureOpen();
    return storage.currentVersion(stream);
  }

  @Override
  public List<StreamInfo> streams(StreamQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return storage.streams(query);
  }

  /** Runs an adapter's boundary read on this open store, observed as one read of what it found. */
  public DcbRead readBoundary(Supplier<DcbRead> read) {
    return log.readBoundary(read);
  }

  /**
   * Runs an adapter's read of the stored events matching {@link #storedQuery query as stored}; they
   * are upcast and kept if they match an item of {@code query} after its {@code afterEachItem}.
   */
  public DcbRead readBoundary(DcbQuery query, List<GlobalPosition> afterEachItem,
      Function<DcbQuery, DcbRead> read) {
    return log.readBoundary(query, afterEachItem, read);
  }

  /** {@code query} with each item's types plus the stored names of classes upcast to them. */
  public DcbQuery storedQuery(DcbQuery query) {
    return log.storedQuery(query);
  }

  @Override
  public List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    return log.read(after, maxCount);
  }

  @Override
  public LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return log.read(after, maxCount, filter);
  }

  @Override
  public long countAfter(GlobalPosition after, EventFilter filter) {
    return log.count(after, filter);
  }

  @Override
  public Subscription subscribe(GlobalPosition after, EventHandler handler) {
    return subscribe(after, EventFilter.all(), handler);
  }

  @Override
  public Subscription subscribe(
      GlobalPosition after, EventFilter filter, EventHandler handler) {
    return log.subscribe(after, filter, handler);
  }

  @Override
  public AppendResult deleteStream(StreamId stream, ExpectedVersion expected) {
    return lifecycle.delete(stream, expected, Deletion.SOFT);
  }

  @Override
  public AppendResult hardDeleteStream(StreamId stream, ExpectedVersion expected) {
    return lifecycle.delete(stream, expected, Deletion.HARD);
  }

  @Override
  public AppendResult restartStream(StreamId stream, List<? extends EventData<?>> events) {
    return lifecycle.restart(stream, events);
  }

  @Override
  public long truncateStream(StreamId stream, Version keepFrom) {
    return lifecycle.truncate(stream, keepFrom);
  }

  @Override
  public StreamStatus streamStatus(StreamId stream) {
    return lifecycle.status(stream);
  }

  @Override
  public long archiveStream(StreamId stream, Version before) {
    return lifecycle.archive(stream, before);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscriptions.close();
    storage.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the event store is closed");
    }
  }

  /** Configures a {@link ComposedEventStore}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private final EventTypes eventTypes;
    private StoreLimits limits = StoreLimits.defaults();
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration logReadCoalescing = Duration.ZERO;
    private int pageSize = 1000;
    private boolean encodesPayloads;
    private Observer observer = Observer.NONE;
    private Optional<ThreadFactory> threadFactory = Optional.empty();

    private Builder(EventTypes eventTypes) {
      this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
    }

    /** The size limits checked before any write (default {@link StoreLimits#defaults()}). */
    public Builder limits(StoreLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How long the caught-up log tailer waits for a wake-up before it reads again anyway (default
     * 1 s): the fallback for commits the storage cannot signal.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = TailerSettings.checkPollInterval(pollInterval);
      return this;
    }

    /**
     * The least time between two reads of new events by the caught-up log tailer, 0 to 1 s
     * (default 0): each read takes what the interval gathered, for at most that much latency.
     */
    public Builder logReadCoalescing(Duration interval) {
      this.logReadCoalescing = TailerSettings.checkLogReadCoalescing(interval);
      return this;
    }

    /** Events the tailer and a catching-up subscription read per page (default 1,000; >= 1). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be >= 1 but was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Whether the storage encodes and checks payloads and metadata itself ({@link EncodedPayloads});
     * default false: the store checks them on the objects, for a storage that keeps objects.
     */
    public Builder encodesPayloads(boolean encodesPayloads) {
      this.encodesPayloads = encodesPayloads;
      return this;
    }

    /** Who hears appends, reads and subscriptions (default {@link Observer#NONE}). */
    public Builder observer(Observer observer) {
      this.observer = Observer.of(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Makes the threads of subscriptions and of the log tailer (default: daemon platform threads
     * named after the subscription). On Java 21+, {@code Thread.ofVirtual().factory()} works.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /**
     * The store over the storage that {@code storage} makes from the store's context.
     *
     * @throws NullPointerException if {@code storage} is null or returns null
     */
    public ComposedEventStore build(Function<StorageContext, EventStorage> storage) {
      Objects.requireNonNull(storage, "storage");
      return new ComposedEventStore(this, storage);
    }
  }
}
