package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.Reset;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.memory.InMemorySnapshotStore;
import dev.eventcore.testkit.ForwardingEventStore;
import dev.eventcore.snapshot.SnapshotPolicy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The repository's cache of folded states: what it saves, and that it never decides stale. */
class AggregateCacheTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");

  /** Tops the count up to at least {@code count}; nothing to do when it is there already. */
  record EnsureAtLeast(long count) {}

  private static final Decider<Object, State, CounterEvent> TOP_UP =
      Decider.of(
          State.ZERO,
          Counter.DECIDER::evolve,
          (command, state) -> {
            long missing = ((EnsureAtLeast) command).count() - state.count();
            return missing <= 0 ? List.of() : List.of(new Incremented((int) missing));
          });

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final ReadCountingStore store = new ReadCountingStore(memory);
  private final AtomicInteger sleeps = new AtomicInteger();

  @AfterEach
  void close() {
    memory.close();
  }

  private AggregateRepository<Object, State, CounterEvent> counters(int cacheSize) {
    return AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
        .cacheSize(cacheSize)
        .sleeper(duration -> sleeps.incrementAndGet())
        .build();
  }

  private void appendDirectly(CounterEvent event) {
    memory.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(event)));
  }

  @Test
  void aCachedStateIsDecidedOnWithoutReadingTheStream() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(1));
    store.reset();

    CommandResult result = counters.handle(COUNTER, new Increment(2));

    assertEquals(Version.of(2), result.version(COUNTER));
    assertEquals(List.of(), store.readsFrom, "no read on a cached state");
    assertEquals(3, counters.load(COUNTER).state().count());
  }

  @Test
  void aStaleCachedStateFailsTheAppendThenOnlyTheTailIsReadWithoutBackoff() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(1));
    appendDirectly(new Incremented(10));
    appendDirectly(new Incremented(100));
    store.reset();

    CommandResult result = counters.handle(COUNTER, new Increment(1000));

    assertEquals(Version.of(4), result.version(COUNTER));
    assertEquals(1, result.attempts(), "a stale cache is not a counted conflict");
    assertEquals(0, sleeps.get(), "no backoff for a stale cache");
    assertEquals(List.of(Version.of(2)), store.readsFrom, "only the tail after version 1 is read");
    assertEquals(1111, counters.load(COUNTER).state().count());
  }

  @Test
  void aConflictOnAStateJustReadIsACountedRetryWithBackoff() {
    for (int cacheSize : new int[] {0, 100}) {
      StreamId stream = StreamId.of("counter", "raced-" + cacheSize);
      AtomicInteger appends = new AtomicInteger();
      ForwardingEventStore racing = new ForwardingEventStore(memory) {
        @Override
        public AppendResult append(List<StreamAppend> appendsOfOne) {
          if (appends.getAndIncrement() == 0) { // another writer gets in first, once
            memory.append(stream, ExpectedVersion.any(), List.of(EventData.of(new Incremented(7))));
          }
          return super.append(appendsOfOne);
        }
      };
      sleeps.set(0);
      AggregateRepository<Object, State, CounterEvent> counters =
          AggregateRepository.builder(racing, Counter.DECIDER, CounterEvent.class)
              .cacheSize(cacheSize)
              .sleeper(duration -> sleeps.incrementAndGet())
              .build();

      // a stream the repository has seen hold events: it no longer assumes unseen streams new,
      // so the command below decides on a state it just read
      memory.append(StreamId.of("counter", "seen-" + cacheSize), ExpectedVersion.any(),
          List.of(EventData.of(new Incremented(1))));
      counters.load(StreamId.of("counter", "seen-" + cacheSize));

      CommandResult result = counters.handle(stream, new Increment(1));

      assertEquals(2, result.attempts(), "cache " + cacheSize);
      assertEquals(1, sleeps.get(), "cache " + cacheSize);
      assertEquals(8, counters.load(stream).state().count());
    }
  }

  @Test
  void aRejectionOnAStaleCachedStateIsCheckedAgainstWhatIsNew() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(Counter.LIMIT));
    appendDirectly(new Reset()); // another writer makes the next increment valid

    CommandResult result = counters.handle(COUNTER, new Increment(5));

    assertEquals(Version.of(3), result.version(COUNTER));
    assertEquals(5, counters.load(COUNTER).state().count());
    assertThrows(CommandRejectedException.class,
        () -> counters.handle(COUNTER, new Increment(Counter.LIMIT)), "a current rejection stands");
  }

  @Test
  void decidingNothingOnAStaleCachedStateIsCheckedAgainstWhatIsNew() {
    AggregateRepository<Object, State, CounterEvent> toppers =
        AggregateRepository.builder(store, TOP_UP, CounterEvent.class).build();
    toppers.handle(COUNTER, new EnsureAtLeast(5));
    appendDirectly(new Reset());

    CommandResult result = toppers.handle(COUNTER, new EnsureAtLeast(3));

    assertEquals(Version.of(3), result.version(COUNTER));
    assertEquals(3, toppers.load(COUNTER).state().count());
    assertTrue(toppers.handle(COUNTER, new EnsureAtLeast(3)).wroteNothing());
  }

  /** A load reads from the cached version on: that event as the proof the stream still holds it. */
  @Test
  void loadAlwaysReadsWhatIsNew() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(1));
    appendDirectly(new Incremented(41));
    store.reset();

    AggregateState<State> loaded = counters.load(COUNTER);

    assertEquals(42, loaded.state().count());
    assertEquals(Version.of(2), loaded.version());
    assertEquals(List.of(Version.of(1)), store.readsFrom, "the cached version, then what is new");
  }

  @Test
  void evictionKeepsTheBoundAndEvictedStreamsLoadCorrectly() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(3);
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < 10; i++) {
        counters.handle(StreamId.of("counter", "s" + i), new Increment(i + 1));
        assertTrue(((DefaultAggregateRepository<?, ?, ?>) counters).cachedStreams() <= 3);
      }
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(3L * (i + 1), counters.load(StreamId.of("counter", "s" + i)).state().count());
    }
  }

  @Test
  void everyStreamACommandWroteIsCachedWithinTheBound() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    for (int i = 0; i < 5; i++) {
      counters.handle(StreamId.of("counter", "c" + i), new Increment(1));
    }

    assertEquals(5, ((DefaultAggregateRepository<?, ?, ?>) counters).cachedStreams());
  }

  @Test
  void withTheCacheOffEveryCommandReadsItsStreamFromTheStart() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(0);
    counters.handle(COUNTER, new Increment(1));
    counters.handle(COUNTER, new Increment(2));
    store.reset();

    counters.handle(COUNTER, new Increment(3));

    assertEquals(List.of(Version.of(1)), store.readsFrom);
    assertEquals(6, counters.load(COUNTER).state().count());
    assertEquals(0, ((DefaultAggregateRepository<?, ?, ?>) counters).cachedStreams());
  }

  @Test
  void snapshotsAreStillWrittenAndReadWithTheCacheOn() {
    InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    AggregateRepository<Object, State, CounterEvent> counters =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .snapshots(snapshots, State.class, 1)
            .snapshotPolicy(SnapshotPolicy.everyEvents(2))
            .build();
    for (int i = 0; i < 5; i++) {
      counters.handle(COUNTER, new Increment(1));
    }
    assertEquals(Version.of(4), snapshots.load(COUNTER, State.class).orElseThrow().version());

    store.reset();
    AggregateState<State> fresh =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .snapshots(snapshots, State.class, 1)
            .build()
            .load(COUNTER);

    assertEquals(5, fresh.state().count());
    assertEquals(Version.of(4), fresh.snapshotVersion());
    assertEquals(List.of(Version.of(4)), store.readsFrom, "from the snapshot, not from the cache");
  }

  @Test
  void aNegativeCacheSizeIsRejectedWithWhatIsAllowed() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .cacheSize(-1));

    assertEquals("cacheSize must be >= 0 streams (0 turns the cache off) but was -1",
        error.getMessage());
  }
}
