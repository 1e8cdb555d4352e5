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
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code decide} on the cached state, and what {@code committed} and {@code markStale} teach it. */
class AggregateDecideCacheTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");
  private static final StreamId OUTBOX = StreamId.of("outbox", "1");

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final ReadCountingStore store = new ReadCountingStore(memory);
  private final DefaultAggregateRepository<Object, State, CounterEvent> counters =
      (DefaultAggregateRepository<Object, State, CounterEvent>)
          AggregateRepository.of(store, Counter.DECIDER, CounterEvent.class);

  @AfterEach
  void close() {
    memory.close();
  }

  private StreamAppend decide(int by) {
    return counters.decide(COUNTER, new Increment(by), CommandContext.empty()).orElseThrow();
  }

  /** Writes {@code append} with an outbox entry, as a saga step does. */
  private AppendResult writeWithOutbox(StreamAppend append) {
    return memory.append(List.of(append,
        StreamAppend.of(OUTBOX, ExpectedVersion.any(), List.of(EventData.of("sent")))));
  }

  private void appendDirectly(int by) {
    memory.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(new Incremented(by))));
  }

  @Test
  void aDecisionAfterCommittedReadsNothingAndDecidesOnTheNewState() {
    StreamAppend first = decide(2);
    counters.committed(first, writeWithOutbox(first));
    store.reset();

    StreamAppend second = decide(3);

    assertEquals(List.of(), store.readsFrom, "no read: the cache holds version 1");
    assertEquals(ExpectedVersion.exactly(Version.of(1)), second.expected());
    counters.committed(second, writeWithOutbox(second));
    State state = counters.load(COUNTER).state();
    assertEquals(5, state.count());
    assertEquals(2, state.events());
  }

  @Test
  void decisionsThatWriteNothingOnTheSameStateKeepTheOpenDecisionForItsCommit() {
    StreamAppend first = decide(2);
    // a saga step decides a second command on the stream before the first is written: refused or
    // empty for want of the first's events, it must not make the first's commit unusable
    assertThrows(CommandRejectedException.class, () -> counters.decide(COUNTER,
        new Increment(Counter.LIMIT + 1), CommandContext.empty()));
    assertTrue(counters.decide(COUNTER, new Increment(0), CommandContext.empty()).isEmpty());
    counters.committed(first, writeWithOutbox(first));
    store.reset();

    StreamAppend next = decide(3);

    assertEquals(List.of(), store.readsFrom, "no read: the first decision's commit was folded");
    assertEquals(ExpectedVersion.exactly(Version.of(1)), next.expected());
    counters.committed(next, writeWithOutbox(next));
    assertEquals(5, counters.load(COUNTER).state().count());
  }

  @Test
  void ofTwoDecisionsOnOneStateTheFirstIsTheOneACommitFolds() {
    StreamAppend first = decide(2);
    StreamAppend alternative = decide(5);
    assertEquals(first.expected(), alternative.expected(), "both rest on one version");
    counters.committed(first, writeWithOutbox(first));
    store.reset();

    assertEquals(ExpectedVersion.exactly(Version.of(1)), decide(1).expected());
    assertEquals(List.of(), store.readsFrom, "no read after the first's commit");
  }

  @Test
  void committingTheOtherOfTwoDecisionsOnOneStateMakesTheNextDecisionRead() {
    StreamAppend first = decide(2);
    StreamAppend alternative = decide(5);
    counters.committed(alternative, writeWithOutbox(alternative));
    store.reset();

    StreamAppend next = decide(1);

    assertEquals(1, store.readsFrom.size(), "the state is read, never folded from the first");
    assertEquals(ExpectedVersion.exactly(Version.of(1)), next.expected());
    counters.committed(next, writeWithOutbox(next));
    assertEquals(6, counters.load(COUNTER).state().count());
    assertEquals(1, first.events().size());
  }

  @Test
  void withoutCommittedTheNextDecisionReadsTheTailFirst() {
    StreamAppend first = decide(2);
    writeWithOutbox(first);
    store.reset();

    StreamAppend second = decide(3);

    assertEquals(List.of(Version.of(1)), store.readsFrom, "only the tail after the cached state");
    assertEquals(ExpectedVersion.exactly(Version.of(1)), second.expected());
  }

  @Test
  void committedWithAnAppendItDidNotDecideMakesTheNextDecisionReadTheTail() {
    StreamAppend first = decide(2);
    counters.committed(first, writeWithOutbox(first)); // cached at version 1
    StreamAppend foreign = StreamAppend.of(COUNTER, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new Incremented(2))));
    counters.committed(foreign, memory.append(List.of(foreign)));
    store.reset();

    StreamAppend next = decide(1);

    assertEquals(List.of(Version.of(2)), store.readsFrom, "only the tail after the cached state");
    assertEquals(ExpectedVersion.exactly(Version.of(2)), next.expected());
    counters.committed(next, writeWithOutbox(next));
    assertEquals(5, counters.load(COUNTER).state().count());
  }

  @Test
  void committedWithAVersionThatDoesNotFollowDropsTheEntry() {
    StreamAppend first = decide(2);
    writeWithOutbox(first);
    AppendResult atVersion2 = memory.append(COUNTER, ExpectedVersion.any(),
        List.of(EventData.of(new Incremented(7))));

    counters.committed(first, atVersion2); // version 2 is not version 0 plus one event

    assertEquals(0, counters.cachedStreams());
    store.reset();
    assertEquals(ExpectedVersion.exactly(Version.of(2)), decide(1).expected());
  }

  @Test
  void committedWithAResultWithoutTheStreamIsABadArgument() {
    StreamAppend first = decide(2);
    AppendResult other = memory.append(OUTBOX, ExpectedVersion.any(), List.of(EventData.of("x")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> counters.committed(first, other));
    assertTrue(e.getMessage().contains("was not part of this append"), e.getMessage());
  }

  @Test
  void aStaleCachedDecisionFailsItsAppendAndMarkStaleMakesTheNextOneReadWhatIsNew() {
    StreamAppend first = decide(2);
    counters.committed(first, writeWithOutbox(first));
    appendDirectly(10); // another process

    StreamAppend stale = decide(1);
    assertEquals(ExpectedVersion.exactly(Version.of(1)), stale.expected(), "decided unread");
    WrongExpectedVersionException conflict =
        assertThrows(WrongExpectedVersionException.class, () -> writeWithOutbox(stale));
    counters.markStale(conflict.stream());

    StreamAppend fresh = decide(1);
    assertEquals(ExpectedVersion.exactly(Version.of(2)), fresh.expected());
    counters.committed(fresh, writeWithOutbox(fresh));
    assertEquals(13, counters.load(COUNTER).state().count());
  }

  @Test
  void decidingAgainAfterAConflictReadsWhatIsNewEvenWithoutMarkStale() {
    StreamAppend first = decide(2);
    counters.committed(first, writeWithOutbox(first));
    appendDirectly(10);

    StreamAppend stale = decide(1);
    assertThrows(WrongExpectedVersionException.class, () -> writeWithOutbox(stale));

    assertEquals(ExpectedVersion.exactly(Version.of(2)), decide(1).expected());
  }

  @Test
  void aRejectionOnAStaleCachedStateIsCheckedAgainstTheTail() {
    StreamAppend first = decide(Counter.LIMIT);
    counters.committed(first, writeWithOutbox(first));
    memory.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(new Counter.Reset())));
    store.reset();

    StreamAppend after = decide(5); // refused on the cached state, accepted after the reset

    assertEquals(List.of(Version.of(2)), store.readsFrom);
    assertEquals(ExpectedVersion.exactly(Version.of(2)), after.expected());
  }

  @Test
  void aRejectionOnACurrentCachedStateStandsAfterOneRead() {
    StreamAppend first = decide(Counter.LIMIT);
    counters.committed(first, writeWithOutbox(first));
    store.reset();

    assertThrows(CommandRejectedException.class, () -> decide(1));
    assertEquals(List.of(Version.of(2)), store.readsFrom);
  }

  @Test
  void anEmptyDecisionOnAStaleCachedStateIsCheckedAgainstTheTail() {
    StreamAppend first = decide(2);
    counters.committed(first, writeWithOutbox(first));
    appendDirectly(3);
    store.reset();

    assertTrue(counters.decide(COUNTER, new Increment(0), CommandContext.empty()).isEmpty());
    assertEquals(List.of(Version.of(2)), store.readsFrom, "the tail was read");
    assertEquals(Version.of(2), counters.load(COUNTER).version());
  }
}
