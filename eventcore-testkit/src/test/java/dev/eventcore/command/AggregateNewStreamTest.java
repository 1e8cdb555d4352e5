package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream the repository has not cached is assumed new while most such streams have proved new:
 * the command decides on the initial state without reading, and its append expecting no events
 * fails if the stream has some. Nothing decided on that assumption commits unless it was true.
 */
class AggregateNewStreamTest {
  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final List<ExpectedVersion> appendsExpecting = new CopyOnWriteArrayList<>();
  private final AtomicInteger failedAppends = new AtomicInteger();
  private final ReadCountingStore store = new ReadCountingStore(memory) {
    @Override
    public AppendResult append(StreamId stream, ExpectedVersion expected,
        List<? extends EventData<?>> events) {
      appendsExpecting.add(expected);
      try {
        return super.append(stream, expected, events);
      } catch (WrongExpectedVersionException e) {
        failedAppends.incrementAndGet();
        throw e;
      }
    }
  };
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

  private static StreamId counter(String id) {
    return StreamId.of("counter", id);
  }

  private void existing(StreamId stream, int... increments) {
    for (int by : increments) {
      memory.append(stream, ExpectedVersion.any(), List.of(EventData.of(new Incremented(by))));
    }
  }

  @Test
  void aCommandCreatingItsStreamNeitherReadsNorFails() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    CommandResult result = counters.handle(counter("new"), new Increment(5));

    assertEquals(Version.of(1), result.version(counter("new")));
    assertEquals(List.of(), store.readsFrom, "a new stream is not read");
    assertEquals(List.of(ExpectedVersion.exactly(Version.NONE)), appendsExpecting);
    assertEquals(5, counters.load(counter("new")).state().count());
  }

  @Test
  void anUnseenStreamWithEventsFailsTheAppendThenIsReadAndDecidedAgainWithoutBackoff() {
    existing(counter("old"), 10, 100);
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    CommandResult result = counters.handle(counter("old"), new Increment(1));

    assertEquals(Version.of(3), result.version(counter("old")));
    assertEquals(1, failedAppends.get(), "the append on the assumption failed");
    assertEquals(1, result.attempts(), "a wrong assumption is not a counted conflict");
    assertEquals(0, sleeps.get());
    assertEquals(111, counters.load(counter("old")).state().count());
  }

  @Test
  void aDecisionTheRealStateWouldNotMakeNeverCommits() {
    existing(counter("full"), Counter.LIMIT);
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    // accepted on the initial state, refused on the stream's
    assertThrows(CommandRejectedException.class,
        () -> counters.handle(counter("full"), new Increment(1)));

    assertEquals(1, memory.readStream(counter("full")).size(), "nothing written");
  }

  @Test
  void aRejectionOrAnEmptyDecisionOnTheAssumptionIsCheckedByARead() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    assertThrows(CommandRejectedException.class,
        () -> counters.handle(counter("a"), new Increment(Counter.LIMIT + 1)));
    assertEquals(List.of(Version.of(1)), store.readsFrom, "the rejection stood after a read");
    store.reset();
    existing(counter("b"), 3);
    CommandResult nothing = counters.handle(counter("b"), new Increment(0));

    assertEquals(List.of(Version.of(1)), store.readsFrom, "the empty decision stood after a read");
    assertEquals(0, nothing.versions().size());
    assertEquals(List.of(), appendsExpecting);
  }

  @Test
  void whenUnseenStreamsHoldEventsTheRepositoryReadsThemFirstUntilNewOnesDominateAgain() {
    for (int i = 0; i < 5; i++) {
      existing(counter("old-" + i), 1);
    }
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    for (int i = 0; i < 5; i++) {
      counters.handle(counter("old-" + i), new Increment(1));
    }
    assertEquals(1, failedAppends.get(), "only the first assumption: the others read first");

    for (int i = 0; i < 8; i++) {
      counters.handle(counter("new-" + i), new Increment(1));
    }
    // 5 reads of old streams (the first after its failed append); the evidence they left is
    // bounded, so a run of new streams read soon makes the assumption pay again
    long newStreamsRead = store.readsFrom.size() - 5;
    assertEquals(8, newStreamsRead, "the evidence of the old streams, worked off");
    store.reset();
    counters.handle(counter("new-10"), new Increment(1));
    assertEquals(List.of(), store.readsFrom, "assumed new again");
    assertEquals(1, failedAppends.get());
  }

  @Test
  void withoutTheCacheEveryStreamIsRead() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(0);

    counters.handle(counter("new"), new Increment(1));

    assertEquals(List.of(Version.of(1)), store.readsFrom);
  }

  @Test
  void decideAssumesANewStreamOnceThenReadsAfterTheCallerReportsItsAppendFailed() {
    existing(counter("old"), 7);
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    CommandContext context = CommandContext.empty();

    StreamAppend assumed = counters.decide(counter("old"), new Increment(1), context).orElseThrow();
    assertEquals(ExpectedVersion.exactly(Version.NONE), assumed.expected());
    assertEquals(List.of(), store.readsFrom);
    assertThrows(WrongExpectedVersionException.class,
        () -> memory.append(List.of(assumed)));
    counters.markStale(counter("old"));

    StreamAppend read = counters.decide(counter("old"), new Increment(1), context).orElseThrow();

    assertEquals(ExpectedVersion.exactly(Version.of(1)), read.expected());
    assertEquals(List.of(Version.of(1)), store.readsFrom);
    counters.committed(read, memory.append(List.of(read)));
    assertEquals(8, counters.load(counter("old")).state().count());
  }

  @Test
  void newStreamsCreatedOnTheAssumptionOutweighOneUnseenStreamThatHeldEvents() {
    existing(counter("old"), 7);
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    for (int i = 0; i < 8; i++) {
      counters.handle(counter("new-" + i), new Increment(1));
    }
    counters.handle(counter("old"), new Increment(1)); // assumed new: its append fails, then read
    store.reset();

    counters.handle(counter("new-8"), new Increment(1));

    assertEquals(List.of(), store.readsFrom, "eight new streams outweigh one that was not");
    assertEquals(1, failedAppends.get());
  }

  @Test
  void newStreamsCommittedThroughDecideOutweighOneUnseenStreamThatHeldEvents() {
    existing(counter("old"), 7);
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    CommandContext context = CommandContext.empty();
    for (int i = 0; i < 8; i++) {
      StreamAppend created =
          counters.decide(counter("new-" + i), new Increment(1), context).orElseThrow();
      counters.committed(created, memory.append(List.of(created)));
    }
    StreamAppend assumed = counters.decide(counter("old"), new Increment(1), context).orElseThrow();
    assertThrows(WrongExpectedVersionException.class, () -> memory.append(List.of(assumed)));
    counters.markStale(counter("old"));
    StreamAppend read = counters.decide(counter("old"), new Increment(1), context).orElseThrow();
    counters.committed(read, memory.append(List.of(read)));
    store.reset();

    StreamAppend next = counters.decide(counter("new-8"), new Increment(1), context).orElseThrow();

    assertEquals(ExpectedVersion.exactly(Version.NONE), next.expected());
    assertEquals(List.of(), store.readsFrom, "eight new streams outweigh one that was not");
  }
}
