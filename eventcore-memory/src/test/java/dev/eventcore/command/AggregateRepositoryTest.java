package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.IncrementEach;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.memory.InMemorySnapshotStore;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import dev.eventcore.spi.DelegatingEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AggregateRepositoryTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");
  /** Three attempts, 10 ms apart: a constant backoff (the cap is the initial delay). */
  private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.defaults().withMaxAttempts(3)
      .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0).withJitter(0.0);

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

  @AfterEach
  void close() {
    store.close();
  }

  private AggregateRepository<Object, State, CounterEvent> plain() {
    return AggregateRepository.of(store, Counter.DECIDER, CounterEvent.class);
  }

  private AggregateRepository<Object, State, CounterEvent> snapshotting(
      SnapshotStore snapshotStore, int revision, int every) {
    return AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
        .snapshots(snapshotStore, State.class, revision)
        .snapshotPolicy(SnapshotPolicy.everyEvents(every))
        .build();
  }

  @Test
  void handleLoadsDecidesAndAppendsWithTheLoadedVersion() {
    AggregateRepository<Object, State, CounterEvent> counters = plain();

    CommandResult first = counters.handle(COUNTER, new Increment(3));
    CommandResult second = counters.handle(COUNTER, new Increment(4));

    assertEquals(Version.of(1), first.version(COUNTER));
    assertEquals(Version.of(2), second.version(COUNTER));
    AggregateState<State> loaded = counters.load(COUNTER);
    assertEquals(7, loaded.state().count());
    assertEquals(Version.of(2), loaded.version());
    assertEquals(Version.NONE, loaded.snapshotVersion());
    assertTrue(plain().load(StreamId.of("counter", "absent")).isNew());
  }

  @Test
  void aDeletedAggregateRefusesCommandsAndARestartedOneStartsOverDespiteItsCachedState() {
    AggregateRepository<Object, State, CounterEvent> counters = plain();
    counters.handle(COUNTER, new Increment(7)); // cached at version 1
    store.deleteStream(COUNTER, ExpectedVersion.any());
    assertEquals(plain().load(COUNTER), counters.load(COUNTER),
        "a load after the deletion says what a fresh repository says, not the cached state");
    assertEquals(0, counters.load(COUNTER).state().count());
    assertThrows(StreamDeletedException.class, () -> counters.handle(COUNTER, new Increment(1)));
    store.restartStream(COUNTER, List.of(EventData.of(new Incremented(2))));

    CommandResult result = counters.handle(COUNTER, new Increment(1));

    assertEquals(Version.of(4), result.version(COUNTER));
    assertEquals(3, counters.load(COUNTER).state().count(), "the old life is not folded");
    assertEquals(3, plain().load(COUNTER).state().count(), "nor by a fresh repository");
  }

  @Test
  void aTruncatedAggregateLoadsFromItsSnapshot() {
    AggregateRepository<Object, State, CounterEvent> counters = snapshotting(snapshots, 1, 3);
    counters.handle(COUNTER, new IncrementEach(List.of(1, 2, 3))); // snapshot at version 3
    counters.handle(COUNTER, new Increment(4));
    assertEquals(2, store.truncateStream(COUNTER, Version.of(3)), "the snapshot's own event stays");
    assertEquals(10, snapshotting(snapshots, 1, 3).load(COUNTER).state().count());
    assertEquals(Version.of(4), snapshotting(snapshots, 1, 3).load(COUNTER).version());
  }

  @Test
  void aRejectionWritesNothingAndANoOpDecisionAppendsNothing() {
    AggregateRepository<Object, State, CounterEvent> counters = plain();

    CommandRejectedException rejected =
        assertThrows(
            CommandRejectedException.class,
            () -> counters.handle(COUNTER, new Increment(Counter.LIMIT + 1)));
    CommandResult nothing = counters.handle(COUNTER, new Increment(0));

    assertEquals("limit is " + Counter.LIMIT, rejected.reason());
    assertTrue(nothing.wroteNothing());
    assertEquals(Version.NONE, store.currentVersion(COUNTER));
  }

  @Test
  void contextMetadataReachesTheEvents() {
    plain().handle(COUNTER, new Increment(1), CommandContext.of("corr", "cause"));

    assertEquals(Optional.of("corr"), store.readStream(COUNTER).get(0).metadata().correlationId());
    assertEquals(Optional.of("cause"), store.readStream(COUNTER).get(0).metadata().causationId());
  }

  @Test
  void aForeignEventInTheStreamIsAClearError() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of("not a counter event")));

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> plain().load(COUNTER));

    assertTrue(error.getMessage().contains("counter-1@1"), error::getMessage);
  }

  @Test
  void anAggregateOfMoreThanTenThousandEventsIsFoldedFromEveryOneOfThem() {
    // 11,111 events, more than eleven chunks of the store's streaming read: 999,990 in all
    int events = 11_111;
    for (int written = 0; written < events; written += 1_000) {
      List<EventData<CounterEvent>> batch = new ArrayList<>();
      for (int i = written; i < Math.min(events, written + 1_000); i++) {
        batch.add(EventData.of(new Incremented(90)));
      }
      store.append(COUNTER, ExpectedVersion.any(), batch);
    }

    AggregateState<State> loaded = plain().load(COUNTER);
    assertEquals(Version.of(events), loaded.version());
    assertEquals(events, loaded.state().events());
    assertEquals(999_990, loaded.state().count());

    // a fresh repository decides on every event too: 11 more would pass the limit, 10 do not
    AggregateRepository<Object, State, CounterEvent> uncached =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class).cacheSize(0).build();
    assertThrows(CommandRejectedException.class, () -> uncached.handle(COUNTER, new Increment(11)));
    assertEquals(Version.of(events + 1), uncached.handle(COUNTER, new Increment(10)).version(COUNTER));
    assertEquals(Counter.LIMIT, plain().load(COUNTER).state().count());
  }

  @Test
  void aValidSnapshotIsWhereTheFoldStartsNotTheFirstEvent() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(1)),
        EventData.of(new Incremented(2)), EventData.of(new Incremented(3))));
    // a snapshot at version 2 with a state no replay of the stream gives (a replay gives 6 in all)
    snapshots.save(new Snapshot<>(COUNTER, Version.of(2), 1, new State(500, 2, 0)));

    AggregateState<State> loaded = snapshotting(snapshots, 1, 100).load(COUNTER);

    assertEquals(new State(503, 3, 3), loaded.state(), "the snapshot's state and event 3");
    assertEquals(Version.of(3), loaded.version());
    assertEquals(Version.of(2), loaded.snapshotVersion());
    // and a command is decided on it: 6 + (LIMIT - 502) would pass, 503 + (LIMIT - 502) does not
    assertThrows(CommandRejectedException.class, () -> snapshotting(snapshots, 1, 100)
        .handle(COUNTER, new Increment(Counter.LIMIT - 502)));
    assertEquals(Version.of(3), store.currentVersion(COUNTER));
  }

  @Test
  void aConflictOnEveryAttemptFailsTheCommandAfterExactlyMaxAttempts() {
    for (int cacheSize : new int[] {0, AggregateRepository.DEFAULT_CACHE_SIZE}) {
      StreamId stream = StreamId.of("counter", "raced-" + cacheSize);
      store.append(stream, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(1))));
      AtomicInteger tried = new AtomicInteger();
      EventStore racing = new DelegatingEventStore(store) {
        @Override
        public AppendResult append(
            StreamId id, ExpectedVersion expected, List<? extends EventData<?>> events) {
          tried.incrementAndGet();
          // another writer gets in first, every time
          store.append(id, ExpectedVersion.any(), List.of(EventData.of(new Incremented(100))));
          return super.append(id, expected, events);
        }
      };
      List<Duration> slept = new ArrayList<>();
      AggregateRepository<Object, State, CounterEvent> counters =
          AggregateRepository.builder(racing, Counter.DECIDER, CounterEvent.class)
              .cacheSize(cacheSize)
              .retryPolicy(THREE_ATTEMPTS)
              .sleeper(slept::add)
              .build();

      CommandConflictException e = assertThrows(CommandConflictException.class,
          () -> counters.handle(stream, new Increment(5)));

      assertEquals(3, e.attempts(), "cache " + cacheSize);
      assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(10)), slept, "cache " + cacheSize);
      assertEquals(1 + 100L * tried.get(), plain().load(stream).state().count(),
          "only the other writer's events, cache " + cacheSize);
      if (cacheSize == 0) {
        assertEquals(3, tried.get(), "every attempt read the stream and appended once");
      }
    }
  }

  @Test
  void aStoreThatKeepsFailingTransientlyIsTriedExactlyMaxAttemptsTimes() {
    AtomicInteger tried = new AtomicInteger();
    EventStore unavailable = new DelegatingEventStore(store) {
      @Override
      public AppendResult append(
          StreamId id, ExpectedVersion expected, List<? extends EventData<?>> events) {
        tried.incrementAndGet();
        throw new TransientStoreException("connection refused", null, false);
      }
    };
    List<Duration> slept = new ArrayList<>();
    AggregateRepository<Object, State, CounterEvent> counters =
        AggregateRepository.builder(unavailable, Counter.DECIDER, CounterEvent.class)
            .retryPolicy(THREE_ATTEMPTS)
            .sleeper(slept::add)
            .build();

    assertThrows(TransientStoreException.class, () -> counters.handle(COUNTER, new Increment(5)));

    assertEquals(3, tried.get());
    assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(10)), slept);
    assertEquals(Version.NONE, store.currentVersion(COUNTER));
  }

  @Test
  void snapshotsAreWrittenByThePolicyAtTheCommittedVersionAndUsedToLoad() {
    AggregateRepository<Object, State, CounterEvent> counters = snapshotting(snapshots, 1, 3);

    counters.handle(COUNTER, new Increment(1));
    counters.handle(COUNTER, new Increment(1));
    assertEquals(0, snapshots.size());
    counters.handle(COUNTER, new Increment(1));
    Snapshot<State> snapshot = snapshots.load(COUNTER, State.class).orElseThrow();
    assertEquals(Version.of(3), snapshot.version());
    assertEquals(3, snapshot.state().count());

    counters.handle(COUNTER, new Increment(10));
    AggregateState<State> loaded = counters.load(COUNTER);
    assertEquals(Version.of(3), loaded.snapshotVersion());
    assertEquals(13, loaded.state().count());
    assertEquals(plain().load(COUNTER).state(), loaded.state());
  }

  @Test
  void stateFromSnapshotPlusTailEqualsFullReplayForRandomStreams() {
    // Snapshots never change a decision: random streams (-1 resets, others increment), random snapshot intervals
    AtomicLong streams = new AtomicLong();
    qt().withFixedSeed(18L)
        .withExamples(1_000)
        .forAll(
            lists().of(lists().of(integers().between(-1, 9)).ofSizeBetween(0, 12)).ofSizeBetween(1, 15),
            integers().between(1, 50))
        .checkAssert(
            (commands, every) -> {
              StreamId stream = StreamId.of("counter", "r" + streams.incrementAndGet());
              AggregateRepository<Object, State, CounterEvent> withSnapshots =
                  snapshotting(snapshots, 1, every);
              for (List<Integer> increments : commands) {
                withSnapshots.handle(stream, new IncrementEach(increments));
              }
              AggregateState<State> fromSnapshot = withSnapshots.load(stream);
              AggregateState<State> replayed = plain().load(stream);
              assertEquals(replayed.state(), fromSnapshot.state());
              assertEquals(replayed.version(), fromSnapshot.version());
              assertEquals(store.currentVersion(stream), fromSnapshot.version());
              snapshots.load(stream, State.class).ifPresent(snapshot ->
                  assertTrue(snapshot.version().compareTo(store.currentVersion(stream)) <= 0,
                      "snapshot ahead of the stream"));
            });
  }

  @Test
  void aSnapshotThatCannotBeReadIsIgnoredWithAWarningAndTheStreamReplayed() {
    snapshotting(snapshots, 1, 2).handle(COUNTER, new IncrementEach(List.of(1, 2, 3)));
    SnapshotStore corrupt = new FailingSnapshotStore(snapshots, true, false);

    AggregateState<State> loaded;
    try (LogCapture log = new LogCapture()) {
      loaded = snapshotting(corrupt, 1, 2).load(COUNTER);
      assertTrue(log.text().contains("WARN"), log::text);
      assertTrue(log.text().contains("cannot be read"), log::text);
    }
    assertEquals(6, loaded.state().count());
    assertEquals(Version.NONE, loaded.snapshotVersion());
  }

  @Test
  void aSnapshotOfAnotherStateRevisionIsIgnoredAndReplacedByTheNextSnapshot() {
    snapshots.save(new Snapshot<>(COUNTER, Version.of(2), 1, new State(999, 2, 0)));
    store.append(COUNTER, ExpectedVersion.noStream(),
        List.of(EventData.of(new Incremented(1)), EventData.of(new Incremented(2))));
    AggregateRepository<Object, State, CounterEvent> revision2 = snapshotting(snapshots, 2, 1);

    try (LogCapture log = new LogCapture()) {
      assertEquals(3, revision2.load(COUNTER).state().count());
      assertTrue(log.text().contains("state revision is 1, the current is 2"), log::text);
    }
    revision2.handle(COUNTER, new Increment(1));
    Snapshot<State> replaced = snapshots.load(COUNTER, State.class).orElseThrow();
    assertEquals(2, replaced.stateRevision());
    assertEquals(4, replaced.state().count());
  }

  @Test
  void aSnapshotAheadOfTheStreamIsIgnored() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(5))));
    snapshots.save(new Snapshot<>(COUNTER, Version.of(7), 1, new State(999, 7, 0)));

    try (LogCapture log = new LogCapture()) {
      assertEquals(5, snapshotting(snapshots, 1, 100).load(COUNTER).state().count());
      assertTrue(log.text().contains("the stream is behind it"), log::text);
    }
  }

  @Test
  void aSnapshotOfAnotherTypeIsIgnored() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(5))));
    snapshots.save(new Snapshot<>(COUNTER, Version.of(1), 1, "not a state"));

    try (LogCapture log = new LogCapture()) {
      assertEquals(5, snapshotting(snapshots, 1, 100).load(COUNTER).state().count());
      assertTrue(log.text().contains("WARN"), log::text);
    }
  }

  @Test
  void aFailingSnapshotWriteNeverFailsTheCommand() {
    SnapshotStore failing = new FailingSnapshotStore(snapshots, false, true);
    AggregateRepository<Object, State, CounterEvent> counters = snapshotting(failing, 1, 1);

    try (LogCapture log = new LogCapture()) {
      CommandResult result = counters.handle(COUNTER, new Increment(2));
      assertEquals(Version.of(1), result.version(COUNTER));
      assertTrue(log.text().contains("Could not write a snapshot"), log::text);
    }
    assertEquals(0, snapshots.size());
    assertEquals(2, counters.load(COUNTER).state().count());
    assertFalse(store.readAll(GlobalPosition.START, 10).isEmpty());
  }

  /** A snapshot store whose loads or saves fail, like a broken table or an undeserializable row. */
  private static final class FailingSnapshotStore implements SnapshotStore {
    private final SnapshotStore delegate;
    private final boolean failLoads;
    private final boolean failSaves;

    FailingSnapshotStore(SnapshotStore delegate, boolean failLoads, boolean failSaves) {
      this.delegate = delegate;
      this.failLoads = failLoads;
      this.failSaves = failSaves;
    }

    @Override
    public <S> Optional<Snapshot<S>> load(StreamId stream, Class<S> stateType) {
      if (failLoads) {
        throw new IllegalStateException("corrupt snapshot row: unexpected end of JSON input");
      }
      return delegate.load(stream, stateType);
    }

    @Override
    public void save(Snapshot<?> snapshot) {
      if (failSaves) {
        throw new IllegalStateException("snapshot table is read-only");
      }
      delegate.save(snapshot);
    }

    @Override
    public void delete(StreamId stream) {
      delegate.delete(stream);
    }
  }
}
