package dev.eventcore.command;

import dev.eventcore.EventStore;
import dev.eventcore.Metadata;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.internal.ObservedWork;
import dev.eventcore.internal.cache.BoundedCache;
import dev.eventcore.observe.Observer;
import dev.eventcore.observe.WorkKind;
import dev.eventcore.snapshot.Snapshot;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds an aggregate's state from what is known of it — the state cache, else a snapshot, else
 * nothing — plus the events of its stream after that. Each read and fold is a {@link
 * WorkKind#LOAD} for the observer. Thread-safe.
 */
final class AggregateLoader<S, E> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);
  /** Bounds of {@link #newStreams}: how much evidence either way it remembers. */
  private static final int NEW_STREAMS_BOUND = 8;

  private final EventStore store;
  private final Decider<?, S, E> decider;
  private final Class<E> eventType;
  private final SnapshotSettings<S> snapshots;
  private final BoundedCache<StreamId, AggregateState<S>> cache;
  private final Observer observer;
  /**
   * Evidence about streams that were not in the cache: down by one for each that proved new, up
   * by two for each that held events. While it is at most zero (at least two thirds new), such a
   * stream is assumed new.
   */
  private final AtomicInteger newStreams = new AtomicInteger();

  AggregateLoader(
      EventStore store,
      Decider<?, S, E> decider,
      Class<E> eventType,
      SnapshotSettings<S> snapshots,
      int cacheSize,
      Observer observer) {
    this.store = store;
    this.observer = observer;
    this.decider = decider;
    this.eventType = eventType;
    this.snapshots = snapshots;
    this.cache = new BoundedCache<>(cacheSize, 16, state -> 1);
  }

  /** Whether states are cached. */
  boolean caching() {
    return cache.enabled();
  }

  /** How many streams' states are cached. */
  int cachedStreams() {
    return cache.size();
  }

  /** The cached state of {@code stream}, unverified: the stream may have moved on since. */
  @Nullable AggregateState<S> cached(StreamId stream) {
    return cache.get(stream);
  }

  /**
   * The state of {@code stream} to decide on without reading, unverified: the cached state, or,
   * for a stream not in the cache while most such streams have proved new, its initial state (an
   * append expecting no events fails if it has some). {@code null} when it must be read.
   */
  @Nullable AggregateState<S> unread(StreamId stream) {
    AggregateState<S> cached = cache.get(stream);
    if (cached != null || !cache.enabled() || newStreams.get() > 0) {
      return cached;
    }
    return initial(stream);
  }

  /** The state of a stream with no events. */
  AggregateState<S> initial(StreamId stream) {
    return new AggregateState<>(stream, Version.NONE, decider.initialState(), Version.NONE);
  }

  /**
   * Notes that a decision on {@code base} committed: if {@code base} was the initial state assumed
   * unread (not a read of the stream), the stream was indeed new.
   */
  void committedOn(AggregateState<S> base, boolean read) {
    if (!read && base.version().equals(Version.NONE)) {
      learned(true);
    }
  }

  /** Learns whether a stream that was not in the cache turned out new. */
  void learned(boolean wasNew) {
    newStreams.updateAndGet(score -> wasNew
        ? Math.max(score - 1, -NEW_STREAMS_BOUND)
        : Math.min(score + 2, NEW_STREAMS_BOUND));
  }

  /** The current state of {@code stream}: what is known of it plus every event after that. */
  AggregateState<S> current(StreamId stream) {
    return current(stream, false);
  }

  /**
   * The current state of {@code stream}; with {@code verify}, a cached state is read from its own
   * version, as the proof that the stream still holds it: a stream deleted since reads nothing
   * there (its reads start after the tombstone) and one truncated past it starts later, and either
   * way the state is loaded afresh. One more event read, no more round trips. A command needs no
   * proof: the store refuses its append to a deleted stream.
   */
  AggregateState<S> current(StreamId stream, boolean verify) {
    AggregateState<S> cached = cache.get(stream);
    return cached == null ? loadFresh(stream) : catchUp(cached, verify);
  }

  /** {@code known} plus the events of its stream after it; cached when there were any. */
  AggregateState<S> catchUp(AggregateState<S> known) {
    return catchUp(known, false);
  }

  private AggregateState<S> catchUp(AggregateState<S> known, boolean verify) {
    return observer == Observer.NONE ? caughtUp(known, verify) : ObservedWork.call(observer,
        WorkKind.LOAD, known.stream().category(), Metadata.empty(), () -> caughtUp(known, verify));
  }

  private AggregateState<S> caughtUp(AggregateState<S> known, boolean verify) {
    StreamId stream = known.stream();
    if (known.version().equals(Version.NONE)) {
      return fresh(stream); // nothing known: from a snapshot if there is one
    }
    Version from = verify ? known.version() : known.version().next();
    Folding tail = new Folding(stream, known.state(), known.version(), from, verify);
    store.readPayloads(stream, from, tail);
    int proof = verify ? 1 : 0;
    if (tail.seen == proof && tail.continues) {
      return known;
    }
    if (tail.seen == 0 || !tail.continues) {
      // Not the continuation of what we know: forget it and start over.
      cache.remove(stream);
      return fresh(stream);
    }
    AggregateState<S> caughtUp = tail.result(known.snapshotVersion());
    remember(caughtUp);
    return caughtUp;
  }

  /** Caches {@code state} unless a state at least as recent is cached already. */
  void remember(AggregateState<S> state) {
    cache.put(state.stream(), state,
        (present, next) -> next.version().compareTo(present.version()) > 0);
  }

  /** Drops what is cached of {@code stream}. */
  void forget(StreamId stream) {
    cache.remove(stream);
  }

  /** The state from the latest usable snapshot, or from the first event, plus the tail. */
  AggregateState<S> loadFresh(StreamId stream) {
    return observer == Observer.NONE ? fresh(stream) : ObservedWork.call(observer,
        WorkKind.LOAD, stream.category(), Metadata.empty(), () -> fresh(stream));
  }

  private AggregateState<S> fresh(StreamId stream) {
    AggregateState<S> loaded = null;
    if (snapshots.enabled()) {
      loaded = new SnapshotReader<>(snapshots).read(stream).flatMap(this::loadFrom).orElse(null);
    }
    for (int attempt = 1; loaded == null; attempt++) {
      // from the stream's first readable event: version 1, or later once truncated or restarted
      Folding all = new Folding(stream, decider.initialState(), Version.NONE, Version.NONE, false);
      store.readPayloads(stream, Version.of(1), all);
      if (all.continues) {
        loaded = all.result(Version.NONE);
      } else if (attempt == 3) {
        throw new IllegalStateException("the events of " + stream + " kept changing while they were"
            + " read (truncated or deleted three times in a row); try the command again");
      }
    }
    learned(loaded.version().equals(Version.NONE));
    remember(loaded);
    return loaded;
  }

  /** The state from {@code snapshot} plus the tail; empty when the stream is behind it. */
  private Optional<AggregateState<S>> loadFrom(Snapshot<S> snapshot) {
    // Read from the snapshot's own version to prove the stream has reached it.
    Folding tail = new Folding(
        snapshot.stream(), snapshot.state(), snapshot.version(), snapshot.version(), true);
    store.readPayloads(snapshot.stream(), snapshot.version(), tail);
    if (tail.seen == 0 || !tail.continues) {
      LOG.warn("Ignoring the snapshot of {} at version {}: the stream is behind it (version {});"
              + " replaying the stream in full",
          snapshot.stream(), snapshot.version(), store.currentVersion(snapshot.stream()));
      return Optional.empty();
    }
    return Optional.of(tail.result(snapshot.version()));
  }

  /**
   * Folds a stream's events into a state as they are read, so that a long stream is never held
   * in memory. The first event must be at {@code first} (anywhere for {@link Version#NONE}: a
   * fold from the start of what the stream keeps), else the events are not the continuation
   * of the state and are ignored ({@link #continues} false); with {@code skipFirst} the first event
   * is only that proof (a snapshot's own version), not folded.
   */
  private final class Folding implements ObjLongConsumer<Object> {
    private final StreamId stream;
    private final Version first;
    private final boolean skipFirst;
    private S state;
    private Version version;
    long seen;
    boolean continues = true;

    Folding(StreamId stream, S state, Version version, Version first, boolean skipFirst) {
      this.stream = stream;
      this.state = state;
      this.version = version;
      this.first = first;
      this.skipFirst = skipFirst;
    }

    @Override
    public void accept(Object payload, long at) {
      if (seen++ == 0) {
        continues = first.equals(Version.NONE) || at == first.value();
        if (skipFirst) {
          version = Version.of(at);
          return;
        }
      } else if (continues && at != version.value() + 1) {
        continues = false; // a read of several statements met a truncation or deletion midway
      }
      if (!continues) {
        return;
      }
      if (!eventType.isInstance(payload)) {
        throw new IllegalStateException(stream + "@" + at + " is a " + payload.getClass().getName()
            + ", not a " + eventType.getName() + ": the stream holds an event of another type");
      }
      state = Objects.requireNonNull(decider.evolve(state, eventType.cast(payload)), "evolve");
      version = Version.of(at);
    }

    AggregateState<S> result(Version snapshotVersion) {
      return new AggregateState<>(stream, version, state, snapshotVersion);
    }
  }
}
