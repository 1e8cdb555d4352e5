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
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.UndecodableEvent;
import dev.eventcore.Version;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.ReadKind;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.subscription.EventHandler;
import dev.eventcore.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The base of every adapter: validates each call once (so every adapter rejects bad input alike,
 * before touching storage), runs subscriptions, and leaves only storage to the subclass.
 *
 * <p>A subclass implements the {@code do*} methods, receiving only valid arguments, and calls
 * nothing else: the base signals {@link #wakeUps()} after each successful append. An adapter whose
 * commits can also happen in other processes calls {@code wakeUps().signal()} when it learns of
 * them.
 *
 * <p>Subscriptions share one log tailer per store: a thread, started with the first subscription
 * and stopped with the last, that reads each new page of the log once with {@link
 * #doReadAll(GlobalPosition, int)} (one read per wake-up, however many appends signalled) and hands
 * it to every live subscription, which filters it in memory on its own thread. A subscription that
 * starts behind, or overflows its buffer of {@link #SUBSCRIPTION_BUFFER_EVENTS} events because its
 * handler is slow, reads by itself with the filtered {@link #doReadAll(GlobalPosition, int,
 * EventFilter)} until it reaches the end, then joins the tailer again.
 */
public abstract class AbstractEventStore implements EventStore {
  /** The largest page a single read call may ask for. */
  public static final int MAX_READ_COUNT = 1_000_000;

  /** Events a live subscription may have waiting before it leaves the tailer to catch up alone. */
  public static final int SUBSCRIPTION_BUFFER_EVENTS = 10_000;

  private final EventTypes eventTypes;
  private final StoreLimits limits;
  private final AppendPreparer preparer;
  private final Upcasting upcasting;
  private final WakeUpSignal wakeUps = new WakeUpSignal();
  private final SubscriptionEngine subscriptions;
  private final Observer observer;
  private volatile boolean closed;

  /** See {@link #AbstractEventStore(EventTypes, StoreLimits, Duration, int, boolean)}. */
  protected AbstractEventStore(
      EventTypes eventTypes, StoreLimits limits, Duration pollInterval, int subscriptionPageSize) {
    this(eventTypes, limits, pollInterval, subscriptionPageSize, false);
  }

  /**
   * @param eventTypes the registered event types
   * @param limits size limits checked before any write
   * @param pollInterval how long the caught-up log tailer waits for a wake-up before reading again
   * @param subscriptionPageSize events the tailer and a catching-up subscription read per page
   * @param encodesPayloads true if the adapter encodes every payload and metadata before writing
   *     and checks them there ({@link EncodedPayloads} for payloads, the exact size for metadata):
   *     the base then leaves payload contents and sizes to it; false to have the base check them
   *     on the objects (an adapter that keeps payloads as objects)
   */
  protected AbstractEventStore(EventTypes eventTypes, StoreLimits limits, Duration pollInterval,
      int subscriptionPageSize, boolean encodesPayloads) {
    this(eventTypes, limits, pollInterval, subscriptionPageSize, encodesPayloads, Observer.NONE);
  }

  /**
   * As {@link #AbstractEventStore(EventTypes, StoreLimits, Duration, int, boolean)}, reporting
   * appends, reads and subscriptions to {@code observer} ({@link Observer#NONE}: nothing).
   */
  protected AbstractEventStore(EventTypes eventTypes, StoreLimits limits, Duration pollInterval,
      int subscriptionPageSize, boolean encodesPayloads, Observer observer) {
    this.observer = Observer.of(Objects.requireNonNull(observer, "observer"));
    this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
    this.limits = Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
    }
    if (subscriptionPageSize < 1) {
      throw new IllegalArgumentException(
          "subscriptionPageSize must be >= 1 but was " + subscriptionPageSize);
    }
    this.preparer = new AppendPreparer(eventTypes, limits, !encodesPayloads);
    this.upcasting = new Upcasting(eventTypes, this::undecodable);
    this.subscriptions = new SubscriptionEngine(this, upcasting, wakeUps, subscriptionPageSize,
        SUBSCRIPTION_BUFFER_EVENTS, pollInterval.toNanos(), this.observer);
  }

  /** Writes a validated append atomically; see {@link EventStore#append(List)} for semantics. */
  protected abstract AppendResult doAppend(PreparedAppend append);

  /**
   * Reads up to {@code maxCount} events of {@code stream} from version {@code from} (>= 1).
   *
   * <p>Every read method returns a stored event it cannot decode (unknown type, data that does not
   * fit the class, unreadable metadata) in its place as a {@link RecordedEvent} whose payload is its
   * {@link UndecodableEvent} envelope, rather than throwing: the base decides, per the reader's
   * {@link EventFilter#onUndecodable()}, whether to stop there or hand it over.
   */
  protected abstract List<RecordedEvent<?>> doReadStream(StreamId stream, long from, int maxCount);

  /** The stream's current version. */
  protected abstract Version doCurrentVersion(StreamId stream);

  /** Reads up to {@code maxCount} events of the log strictly after {@code after}. */
  protected abstract List<RecordedEvent<?>> doReadAll(GlobalPosition after, int maxCount);

  /** Lists the streams {@code query} selects; see {@link EventStore#streams}. */
  protected abstract List<StreamInfo> doStreams(StreamQuery query);

  /**
   * Checks that a subscription may start after {@code after}, before it starts. The default accepts
   * every position; an adapter that can tell a position was never handed out by this store (a
   * checkpoint from another database, or from before a restore) throws {@link
   * IllegalArgumentException}, so the subscriber halts loudly instead of waiting forever for events
   * that will get lower positions.
   */
  protected void checkSubscriptionStart(GlobalPosition after) {
    // every position is plausible by default
  }

  /**
   * Reads up to {@code maxCount} events matching {@code filter} strictly after {@code after}; see
   * {@link LogPage} for what {@code scannedTo} must promise. Override to push the filter down (a
   * {@code WHERE} on category and type, the scanned bound from the same statement); this default
   * reads {@code maxCount} events with {@link #doReadAll(GlobalPosition, int)} and filters them.
   */
  protected LogPage doReadAll(GlobalPosition after, int maxCount, EventFilter filter) {
    return LogPage.filter(doReadAll(after, maxCount), after, filter);
  }

  /**
   * Counts the readable events matching {@code filter} strictly after {@code after}. Override with
   * a native count; this default pages through {@link #doReadAll(GlobalPosition, int,
   * EventFilter)}.
   */
  protected long doCountAfter(GlobalPosition after, EventFilter filter) {
    return Paging.count((position, max) -> doReadAll(position, max, filter), after);
  }

  /**
   * The raw envelope of {@code stored}, read as a legacy class whose upcaster then failed with
   * {@code reason}. This default renders the payload object ({@link UndecodableEvent#ofObject});
   * an adapter that stores events as text overrides it to return the stored text.
   *
   * @param revision the stored revision of the event's type
   */
  protected UndecodableEvent undecodable(RecordedEvent<?> stored, int revision, String reason) {
    return UndecodableEvent.ofObject(
        stored.type(), revision, stored.payload(), stored.metadata(), reason);
  }

  /**
   * Whether this store committed events after {@code position} that the log may not show yet (an
   * older transaction holds them back): the tailer then reads again within milliseconds rather
   * than after the poll interval. Default: every commit is readable at once.
   */
  protected boolean ownCommitsPendingAfter(GlobalPosition position) {
    return false;
  }

  /**
   * Whether the caller is a subscription's or the log tailer's thread: an adapter never makes it
   * wait for the store's own commits to become readable (only an appending caller waits).
   */
  protected static boolean onSubscriptionThread() {
    return SubscriptionEngine.onEngineThread();
  }

  /** Releases the adapter's resources; called once, after every subscription stopped. */
  protected abstract void doClose();

  /** The registered event types. */
  public final EventTypes eventTypes() {
    return eventTypes;
  }

  /** The limits checked before each write. */
  public final StoreLimits limits() {
    return limits;
  }

  /** Who hears this store's appends, reads and subscriptions; {@link Observer#NONE} by default. */
  protected final Observer observer() {
    return observer;
  }

  /** The signal that wakes caught-up subscriptions. */
  protected final WakeUpSignal wakeUps() {
    return wakeUps;
  }

  @Override
  public final AppendResult append(
      StreamId stream, ExpectedVersion expected, List<? extends EventData<?>> events) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException(
          "events must not be empty: an append writes at least one event (stream " + stream + ")");
    }
    return append(List.of(new StreamAppend(stream, expected, events)));
  }

  @Override
  public final AppendResult append(List<StreamAppend> appends) {
    // the observer's entries (a trace context) first: they are validated and stored with the rest
    PreparedAppend prepared = preparer.prepare(
        observer == Observer.NONE ? appends : StoreObservations.enrich(observer, appends));
    ensureOpen();
    AppendResult result = observer == Observer.NONE
        ? doAppend(prepared)
        : StoreObservations.append(observer, prepared, this::doAppend);
    wakeUps.signal();
    return result;
  }

  @Override
  public final List<RecordedEvent<?>> readStream(StreamId stream, Version from, int maxCount) {
    return readStream(stream, from, maxCount, OnUndecodable.STOP);
  }

  @Override
  public final List<RecordedEvent<?>> readStream(
      StreamId stream, Version from, int maxCount, OnUndecodable onUndecodable) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(onUndecodable, "onUndecodable");
    requireCount(maxCount);
    ensureOpen();
    long first = Math.max(1, from.value());
    return upcasting.stream(StoreObservations.read(observer, ReadKind.STREAM,
        () -> doReadStream(stream, first, maxCount), List::size), onUndecodable);
  }

  @Override
  public final List<RecordedEvent<?>> readStream(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    ensureOpen();
    return upcasting.stream(StoreObservations.read(observer, ReadKind.STREAM,
        () -> Paging.wholeStream((from, max) -> doReadStream(stream, from, max), MAX_READ_COUNT),
        List::size), OnUndecodable.STOP);
  }

  @Override
  public final Version currentVersion(StreamId stream) {
    Objects.requireNonNull(stream, "stream");
    ensureOpen();
    return doCurrentVersion(stream);
  }

  @Override
  public final List<StreamInfo> streams(StreamQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return doStreams(query);
  }

  @Override
  public final List<RecordedEvent<?>> readAll(GlobalPosition after, int maxCount) {
    Objects.requireNonNull(after, "after");
    requireCount(maxCount);
    ensureOpen();
    return upcasting.log(StoreObservations.read(observer, ReadKind.LOG,
        () -> doReadAll(after, maxCount), List::size));
  }

  @Override
  public final LogPage readAll(GlobalPosition after, int maxCount, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    requireCount(maxCount);
    ensureOpen();
    EventFilter stored = upcasting.storedFilter(filter);
    return upcasting.page(StoreObservations.read(observer, ReadKind.LOG,
        () -> doReadAll(after, maxCount, stored), page -> page.events().size()), filter);
  }

  @Override
  public final long countAfter(GlobalPosition after, EventFilter filter) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return doCountAfter(after, upcasting.storedFilter(filter));
  }

  @Override
  public final Subscription subscribe(GlobalPosition after, EventHandler handler) {
    return subscribe(after, EventFilter.all(), handler);
  }

  @Override
  public final Subscription subscribe(
      GlobalPosition after, EventFilter filter, EventHandler handler) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    checkSubscriptionStart(after);
    return subscriptions.subscribe(after, filter, handler);
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscriptions.close();
    doClose();
  }

  /** Whether {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the event store is closed");
    }
  }

  private static void requireCount(int maxCount) {
    if (maxCount < 1 || maxCount > MAX_READ_COUNT) {
      throw new IllegalArgumentException(
          "maxCount must be 1.." + MAX_READ_COUNT + " but was " + maxCount);
    }
  }
}
