package dev.eventcore.memory;

import dev.eventcore.EventStore;
import dev.eventcore.GlobalPosition;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.StreamQuery;
import dev.eventcore.dcb.DcbStore;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import dev.eventcore.internal.TenantKeys;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventCodec;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.CheckedCodec;
import dev.eventcore.spi.ComposedEventStore;
import dev.eventcore.spi.DelegatingEventStore;
import dev.eventcore.spi.EventStorage;
import dev.eventcore.spi.TailerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * An event store in memory, with the same semantics as the PostgreSQL store: atomic multi-stream
 * appends, expected versions, idempotent retries, a gap-free global log, live subscriptions.
 *
 * <pre>{@code
 * EventStore store = new InMemoryEventStore();                               // any event class
 * EventStore strict = new InMemoryEventStore(EventTypes.of(OrderEvent.class)); // registered only
 * }</pre>
 *
 * <p>For tests it also lets you look inside ({@link #eventCount()}, {@link #streamIds()}, {@link
 * #events()}, {@link #eventsByStream()}) and start again empty ({@link #reset()}).
 *
 * <p>Thread-safe. Appends are serialized by one lock and cost O(events); reads take no lock and
 * copy only the page they return, so they never hold up writers. An append retrying after a
 * failed check waits for the lock in turn, so running threads cannot overtake it again and again
 * until its retries run out. Positions are dense: 1, 2, 3...
 * Payload objects are stored as given (make them immutable; records are), unless a {@linkplain
 * Builder#codec codec} is set: then each is kept as the codec's bytes and read back with it on
 * every read, as in a serializing store.
 *
 * @since 0.1.0
 */
public final class InMemoryEventStore extends DelegatingEventStore implements StoreHealth {
  private static final Duration SAFETY_POLL = Duration.ofSeconds(1);
  private static final int PAGE_SIZE = 1024;

  private final Builder settings;
  private final MemoryState state;
  private final DcbStore boundaries;
  private volatile boolean closed;

  /** A store that accepts any event class, named by {@code @EventType} or its simple name. */
  public InMemoryEventStore() {
    this(EventTypes.permissive());
  }

  /** A store that accepts only the registered event types, like the PostgreSQL store. */
  public InMemoryEventStore(EventTypes eventTypes) {
    this(eventTypes, StoreLimits.defaults(), Clock.systemUTC());
  }

  /**
   * A store with the given types, limits, and clock for {@link RecordedEvent#recordedAt()}.
   *
   * @param eventTypes the accepted event types
   * @param limits the size limits
   * @param clock the clock that stamps recorded events
   */
  public InMemoryEventStore(EventTypes eventTypes, StoreLimits limits, Clock clock) {
    this(eventTypes, limits, clock, Observer.NONE);
  }

  /**
   * A store as {@link #InMemoryEventStore(EventTypes, StoreLimits, Clock)}, reporting its appends,
   * reads and subscriptions to {@code observer}.
   */
  public InMemoryEventStore(
      EventTypes eventTypes, StoreLimits limits, Clock clock, Observer observer) {
    this(builder().eventTypes(eventTypes).limits(limits).clock(clock).observer(observer));
  }

  private InMemoryEventStore(Builder settings) {
    this(settings, new MemoryState(settings.clock));
  }

  private InMemoryEventStore(Builder settings, MemoryState state) {
    this(settings, state, Composed.of(settings, state, null));
  }

  private InMemoryEventStore(Builder settings, MemoryState state, Composed composed) {
    super(composed.store());
    this.settings = settings;
    this.state = state;
    this.boundaries = composed.boundaries(state);
  }

  /** The composed store over a storage (a tenant's view, or all events) and that storage. */
  private record Composed(ComposedEventStore store, EventStorage storage) {
    static Composed of(Builder settings, MemoryState state, @Nullable String tenant) {
      ComposedEventStore.Builder builder = ComposedEventStore.builder(settings.eventTypes)
          .limits(settings.limits)
          .pollInterval(SAFETY_POLL)
          .pageSize(PAGE_SIZE)
          .logReadCoalescing(settings.logReadCoalescing)
          .observer(settings.observer);
      settings.threadFactory.ifPresent(builder::threadFactory);
      CheckedCodec codec = settings.codec
          .map(c -> CheckedCodec.of(c, settings.limits.maxEventBytes())).orElse(null);
      EventStorage storage = tenant == null ? new MemoryStorage(state, codec)
          : new TenantStorage(new MemoryStorage(state, codec), state, tenant);
      return new Composed(builder.build(context -> storage), storage);
    }

    DcbStore boundaries(MemoryState state) {
      return new MemoryBoundaries(store, storage, state.writeLock());
    }
  }

  /**
   * Boundaries on this store's log. A read scans the log (filtered by type where every query item
   * names types); a conditional append checks and writes under the store's write lock.
   */
  @Override
  public DcbStore boundaries() {
    return boundaries;
  }

  /** A builder, for the options the constructors do not take (a thread factory). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Another store over the same events, with other event types: simulates a redeploy with new
   * event classes and upcasters, reading what the old classes wrote. Both stores read and append
   * the same log; a subscription on one learns of the other's appends by polling (within a
   * second). Closing one leaves the other open.
   *
   * @param eventTypes the types (and upcasters) of the new deployment
   */
  public InMemoryEventStore withEventTypes(EventTypes eventTypes) {
    Objects.requireNonNull(eventTypes, "eventTypes");
    return new InMemoryEventStore(settings.copy().eventTypes(eventTypes), state);
  }

  /**
   * The store of one tenant among many sharing this store's events, with the semantics of
   * PostgreSQL's tenants: it reads and writes only the tenant's streams, under the same stream ids
   * other tenants use for theirs, and its global log, subscriptions and filtered reads are the
   * tenant's events only (in log order, never skipping one). This store, and the inspection
   * methods, see every tenant: a tenant's stream id there is the tenant, U+001F and the id.
   *
   * <pre>{@code
   * InMemoryEventStore shared = new InMemoryEventStore(types);
   * EventStore acme = shared.forTenant("acme");
   * EventStore globex = shared.forTenant("globex");   // its own "order-1", never acme's
   * }</pre>
   *
   * <p>Closing it leaves this store open; a subscription on it learns of another view's appends
   * by polling (within a second).
   *
   * @param tenant 1 to 63 characters of {@code a-z}, {@code 0-9} and {@code _}
   * @throws IllegalArgumentException if {@code tenant} breaks that rule
   */
  public EventStore forTenant(String tenant) {
    TenantKeys.validate(tenant);
    return new TenantView(Composed.of(settings, state, tenant), state);
  }

  /**
   * A tenant's store: the composed store over the tenant's view of the shared events, with
   * boundaries over that view (checked under the shared write lock).
   */
  private static final class TenantView extends DelegatingEventStore {
    private final DcbStore boundaries;

    TenantView(Composed composed, MemoryState state) {
      super(composed.store());
      this.boundaries = composed.boundaries(state);
    }

    @Override
    public DcbStore boundaries() {
      return boundaries;
    }
  }

  /** The number of events stored (since the last {@link #reset()}). */
  public long eventCount() {
    return state.events().log().size();
  }

  /** The streams that hold events, in {@link StreamQuery#ID_ORDER}. */
  public List<StreamId> streamIds() {
    List<StreamId> ids = new ArrayList<>();
    state.events().streams().forEach((id, events) -> {
      if (events.size() > 0) {
        ids.add(id);
      }
    });
    ids.sort(StreamQuery.ID_ORDER);
    return List.copyOf(ids);
  }

  /** Every event, in log order, as {@link EventStore#readAll} returns them (upcast). */
  public List<RecordedEvent<?>> events() {
    List<RecordedEvent<?>> all = new ArrayList<>();
    GlobalPosition after = GlobalPosition.START;
    while (true) {
      List<RecordedEvent<?>> page = readAll(after, ComposedEventStore.MAX_READ_COUNT);
      if (page.isEmpty()) {
        return List.copyOf(all);
      }
      all.addAll(page);
      after = page.get(page.size() - 1).position();
    }
  }

  /** Every stream's events, in version order, the streams in {@link StreamQuery#ID_ORDER}. */
  public Map<StreamId, List<RecordedEvent<?>>> eventsByStream() {
    Map<StreamId, List<RecordedEvent<?>>> byStream = new LinkedHashMap<>();
    for (StreamId id : streamIds()) {
      byStream.put(id, readStream(id));
    }
    return byStream;
  }

  /**
   * Drops every event, of this store and of those {@link #withEventTypes} made over the same
   * events: every stream starts again at version 1. Positions go on from the last one handed out,
   * so open subscriptions simply see the events appended after the reset.
   */
  public void reset() {
    state.reset();
  }

  /** One check, {@code "store"}: UP, with the number of events, until the store is closed. */
  @Override
  public List<Check> healthChecks(HealthThresholds thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    return List.of(new Check("store", now -> closed
        ? Health.down("store", now, "the event store is closed")
        : Health.up("store", now).withDetail("events", eventCount())));
  }

  @Override
  public void close() {
    closed = true;
    super.close();
  }

  /** Configures an {@link InMemoryEventStore}. Not thread-safe. */
  public static final class Builder {
    private EventTypes eventTypes = EventTypes.permissive();
    private StoreLimits limits = StoreLimits.defaults();
    private Clock clock = Clock.systemUTC();
    private Observer observer = Observer.NONE;
    private Optional<ThreadFactory> threadFactory = Optional.empty();
    private Optional<EventCodec> codec = Optional.empty();
    private Duration logReadCoalescing = Duration.ofMillis(2);

    private Builder() {}

    /** The accepted event types (default {@link EventTypes#permissive()}: any class). */
    public Builder eventTypes(EventTypes eventTypes) {
      this.eventTypes = Objects.requireNonNull(eventTypes, "eventTypes");
      return this;
    }

    /** The size limits (default {@link StoreLimits#defaults()}). */
    public Builder limits(StoreLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The clock that stamps {@link RecordedEvent#recordedAt()} (default the system's, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Who hears appends, reads and subscriptions (default none). */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Makes the threads of subscriptions (default: named daemon threads). On Java 21+, {@code
     * Thread.ofVirtual().factory()} works.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Optional.of(Objects.requireNonNull(threadFactory, "threadFactory"));
      return this;
    }

    /**
     * Sends every payload through {@code codec} and back before storing it, keeps the bytes and
     * reads them back with {@code codec} on every read (default: payloads are stored as given). A payload the codec cannot write or read fails its append with the same
     * error a serializing store gives, and reads return what such a store would read back: the
     * strict mode for tests (the testing kit's fixtures use {@code JacksonCodec.json()}).
     */
    public Builder codec(EventCodec codec) {
      this.codec = Optional.of(CheckedCodec.checkName(Objects.requireNonNull(codec, "codec")));
      return this;
    }

    /**
     * The least time between two reads of new events by the store's log tailer, which feeds every
     * subscription: 0 to 1 s (default 2 ms). Under a steady stream of appends each read then takes
     * what the interval gathered, and each subscription's thread wakes once for all of it instead
     * of once per append, for at most this much more delivery latency; an append after a quiet
     * spell is read at once. Zero reads as soon as woken.
     */
    public Builder logReadCoalescing(Duration interval) {
      this.logReadCoalescing = TailerSettings.checkLogReadCoalescing(interval);
      return this;
    }

    /** A new, empty store. */
    public InMemoryEventStore build() {
      return new InMemoryEventStore(copy());
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.eventTypes = eventTypes;
      copy.limits = limits;
      copy.clock = clock;
      copy.observer = observer;
      copy.threadFactory = threadFactory;
      copy.codec = codec;
      copy.logReadCoalescing = logReadCoalescing;
      return copy;
    }
  }
}
