package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.GlobalPosition;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.IncrementEach;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.snapshot.Snapshot;
import dev.eventcore.snapshot.SnapshotPolicy;
import dev.eventcore.snapshot.SnapshotStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Snapshots of the counter aggregate: written by the policy, used to load, ignored when unusable. */
class AggregateSnapshotsTest extends CounterRepositoryTestBase {

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

  @Test
  void withTheCacheOffSnapshotsAreStillWrittenAndStateRevisionZeroIsAValidRevision() {
    AggregateRepository<Object, State, CounterEvent> uncached =
        AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
            .cacheSize(0)
            .snapshots(snapshots, State.class, 0)
            .snapshotPolicy(SnapshotPolicy.everyEvents(2))
            .build();

    uncached.handle(COUNTER, new IncrementEach(List.of(1, 2)));

    Snapshot<State> snapshot = snapshots.load(COUNTER, State.class).orElseThrow();
    assertEquals(Version.of(2), snapshot.version());
    assertEquals(0, snapshot.stateRevision());
    assertEquals(Version.of(2), snapshotting(snapshots, 0, 2).load(COUNTER).snapshotVersion());
  }

  @Test
  void aRepositoryWithoutSnapshotsLoadsAndCommitsWithoutAWarning() {
    try (LogCapture log = new LogCapture()) {
      plain().handle(COUNTER, new Increment(1));
      AggregateRepository<Object, State, CounterEvent> counters = plain(); // nothing cached
      assertEquals(1, counters.load(COUNTER).state().count());
      counters.handle(COUNTER, new Increment(1));
      assertFalse(log.text().contains("WARN"), log::text);
    }
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
