package dev.eventcore.memory;

import dev.eventcore.AppendResult;
import dev.eventcore.EventFilter;
import dev.eventcore.GlobalPosition;
import dev.eventcore.LogPage;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StoreLimits;
import dev.eventcore.StreamId;
import dev.eventcore.StreamInfo;
import dev.eventcore.StreamQuery;
import dev.eventcore.Version;
import dev.eventcore.health.Health;
import dev.eventcore.health.HealthThresholds;
import dev.eventcore.health.StoreHealth;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.observe.Observer;
import dev.eventcore.serialization.EventTypes;
import dev.eventcore.spi.AbstractEventStore;
import dev.eventcore.spi.PreparedAppend;
import dev.eventcore.spi.PreparedEvent;
import dev.eventcore.spi.PreparedStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Thread-safe. Appends are serialized by one lock and cost O(events); reads take no lock and
 * copy only the page they return, so they never hold up writers. Positions are dense: 1, 2, 3...
 * Payload objects are stored as given: make them immutable (records are).
 */
public final class InMemoryEventStore extends AbstractEventStore implements StoreHealth {
  private static final Duration SAFETY_POLL = Duration.ofSeconds(1);
  private static final int PAGE_SIZE = 1024;
  /** The most events one filtered read examines, so a read with few matches returns promptly. */
  private static final int SCAN_LIMIT = 1 << 16;

  private final Clock clock;
  private final ReentrantLock writeLock;
  private final AppendOnlyLog<RecordedEvent<?>> log;
  private final Map<StreamId, AppendOnlyLog<RecordedEvent<?>>> streams;
  private final EventIdIndex byId;
  private final IdempotentRetries retries;

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
    super(eventTypes, limits, SAFETY_POLL, PAGE_SIZE, false, observer);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writeLock = new ReentrantLock();
    this.log = new AppendOnlyLog<>();
    this.streams = new ConcurrentHashMap<>();
    this.byId = new EventIdIndex(log);
    this.retries = new IdempotentRetries(log, streams, byId);
  }

  private InMemoryEventStore(InMemoryEventStore shared, EventTypes eventTypes) {
    super(eventTypes, shared.limits(), SAFETY_POLL, PAGE_SIZE);
    this.clock = shared.clock;
    this.writeLock = shared.writeLock;
    this.log = shared.log;
    this.streams = shared.streams;
    this.byId = shared.byId;
    this.retries = shared.retries;
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
    return new InMemoryEventStore(this, Objects.requireNonNull(eventTypes, "eventTypes"));
  }

  /** One check, {@code "store"}: UP, with the number of events, until the store is closed. */
  @Override
  public List<Check> healthChecks(HealthThresholds thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    return List.of(new Check("store", now -> isClosed()
        ? Health.down("store", now, "the event store is closed")
        : Health.up("store", now).withDetail("events", log.size())));
  }

  @Override
  protected AppendResult doAppend(PreparedAppend append) {
    writeLock.lock();
    try {
      AppendResult retried = retries.retriedResult(append);
      if (retried != null) {
        return retried;
      }
      List<PreparedStream> parts = append.streams();
      // each stream's log, looked up once (null for a stream with no events yet); a list only
      // when there are several
      AppendOnlyLog<RecordedEvent<?>> only = null;
      List<AppendOnlyLog<RecordedEvent<?>>> targets =
          parts.size() == 1 ? null : new ArrayList<>(parts.size());
      for (int p = 0; p < parts.size(); p++) {
        PreparedStream part = parts.get(p);
        AppendOnlyLog<RecordedEvent<?>> target = streams.get(part.stream());
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
      if ((long) log.written() + append.eventCount() > Integer.MAX_VALUE) {
        throw new IllegalStateException(
            "the in-memory store holds at most " + Integer.MAX_VALUE + " events");
      }
      return write(parts, only, targets);
    } finally {
      writeLock.unlock();
    }
  }

  /** Writes {@code parts} to their logs: {@code only}'s for one part, else those of {@code targets}. */
  private AppendResult write(List<PreparedStream> parts,
      @Nullable AppendOnlyLog<RecordedEvent<?>> only,
      @Nullable List<AppendOnlyLog<RecordedEvent<?>>> targets) {
    Instant now = clock.instant();
    Map<StreamId, Version> versions = parts.size() == 1 ? null : new LinkedHashMap<>();
    Version last = Version.NONE;
    GlobalPosition firstPosition = null;
    GlobalPosition lastPosition = null;
    for (int p = 0; p < parts.size(); p++) {
      PreparedStream part = parts.get(p);
      List<PreparedEvent> events = part.events();
      AppendOnlyLog<RecordedEvent<?>> stream = targets == null ? only : targets.get(p);
      if (stream == null && !events.isEmpty()) {
        stream = new AppendOnlyLog<>();
        streams.put(part.stream(), stream);
      }
      long version = stream == null ? 0 : stream.written();
      for (int e = 0; e < events.size(); e++) {
        PreparedEvent event = events.get(e);
        lastPosition = GlobalPosition.of(log.written() + 1L);
        last = Version.of(++version);
        RecordedEvent<?> recorded =
            new RecordedEvent<>(
                lastPosition,
                part.stream(),
                last,
                event.id(),
                event.type(),
                event.payload(),
                event.metadata(),
                now);
        if (firstPosition == null) {
          firstPosition = lastPosition;
        }
        byId.add(event.id(), log.written());
        log.add(recorded);
        Objects.requireNonNull(stream, "created above for a part with events").add(recorded);
      }
      if (stream != null) {
        stream.publish();
      }
      if (events.isEmpty()) {
        last = Version.of(version); // a pure check
      }
      if (versions != null) {
        versions.put(part.stream(), last);
      }
    }
    log.publish();
    return new AppendResult(
        versions == null ? Map.of(parts.get(0).stream(), last) : versions,
        Objects.requireNonNull(firstPosition, "an append writes at least one event"),
        Objects.requireNonNull(lastPosition, "an append writes at least one event"));
  }

  private static Version currentVersion(@Nullable AppendOnlyLog<RecordedEvent<?>> stream) {
    return stream == null ? Version.NONE : Version.of(stream.size());
  }

  @Override
  protected List<RecordedEvent<?>> doReadStream(StreamId stream, long from, int maxCount) {
    AppendOnlyLog<RecordedEvent<?>> events = streams.get(stream);
    return events == null ? List.of() : events.copy(from - 1, maxCount);
  }

  @Override
  protected Version doCurrentVersion(StreamId stream) {
    return currentVersion(streams.get(stream));
  }

  /** Scans every stream (no index in memory): the matching ones, sorted, the first page. */
  @Override
  protected List<StreamInfo> doStreams(StreamQuery query) {
    List<StreamInfo> out = new ArrayList<>();
    for (Map.Entry<StreamId, AppendOnlyLog<RecordedEvent<?>>> entry : streams.entrySet()) {
      int size = entry.getValue().size();
      if (size > 0 && query.matches(entry.getKey())) {
        RecordedEvent<?> last = entry.getValue().get(size - 1);
        out.add(new StreamInfo(entry.getKey(), last.version(), last.recordedAt()));
      }
    }
    out.sort(Comparator.comparing(StreamInfo::stream, StreamQuery.ID_ORDER));
    return List.copyOf(out.subList(0, Math.min(out.size(), query.limit())));
  }

  @Override
  protected List<RecordedEvent<?>> doReadAll(GlobalPosition after, int maxCount) {
    return log.copy(after.value(), maxCount);
  }

  /** Scans the log in place: events the filter leaves out are never copied. */
  @Override
  protected LogPage doReadAll(GlobalPosition after, int maxCount, EventFilter filter) {
    if (filter.matchesAll()) {
      return LogPage.filter(log.copy(after.value(), maxCount), after, filter);
    }
    int size = log.size();
    if (after.value() >= size) {
      return new LogPage(List.of(), after);
    }
    int start = (int) after.value();
    int end = (int) Math.min(size, start + (long) Math.max(maxCount, SCAN_LIMIT));
    List<RecordedEvent<?>> matching = new ArrayList<>();
    int index = start;
    while (index < end && matching.size() < maxCount) {
      RecordedEvent<?> event = log.get(index++);
      if (filter.matches(event)) {
        matching.add(event);
      }
    }
    // positions are dense: the event at index i has position i + 1
    return new LogPage(matching, GlobalPosition.of(index));
  }

  /**
   * Refuses a start beyond the last position: positions are dense and published before the append
   * returns, so this store never handed such a position out (a checkpoint kept from an earlier
   * process's in-memory store, or from another store).
   */
  @Override
  protected void checkSubscriptionStart(GlobalPosition after) {
    int last = log.size();
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
  protected long doCountAfter(GlobalPosition after, EventFilter filter) {
    int size = log.size();
    if (after.value() >= size) {
      return 0;
    }
    if (filter.matchesAll()) {
      return size - after.value();
    }
    long count = 0;
    for (int i = (int) after.value(); i < size; i++) {
      if (filter.matches(log.get(i))) {
        count++;
      }
    }
    return count;
  }

  @Override
  protected void doClose() {
    // nothing to release: the events go with the object
  }
}
