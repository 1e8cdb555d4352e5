package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.IncrementEach;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code decide} learns from the outcome of its decisions: a commit it could not fold, an
 * append that carried other payloads than decided, and decisions that read the stream and wrote
 * nothing.
 */
class AggregateDecideOutcomesTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final ReadCountingStore store = new ReadCountingStore(memory);
  private final AggregateRepository<Object, State, CounterEvent> counters =
      AggregateRepository.of(store, Counter.DECIDER, CounterEvent.class);

  @AfterEach
  void close() {
    memory.close();
  }

  private static StreamAppend decide(AggregateRepository<Object, State, CounterEvent> on, int by) {
    return on.decide(COUNTER, new Increment(by), CommandContext.empty()).orElseThrow();
  }

  private AppendResult write(StreamAppend append) {
    return memory.append(List.of(append));
  }

  @Test
  void afterACommitItCouldNotFoldTheNextDecisionReadsTheStreamRatherThanAssumeItNew() {
    Decider<Object, State, CounterEvent> unfoldable = new Decider<>() {
      @Override
      public State initialState() {
        return Counter.DECIDER.initialState();
      }

      @Override
      public State evolve(State state, CounterEvent event) {
        return Counter.DECIDER.evolve(state, event);
      }

      @Override
      public List<CounterEvent> decide(Object command, State state) {
        return Counter.DECIDER.decide(command, state);
      }

      @Override
      public State fold(State state, List<? extends CounterEvent> events) {
        throw new IllegalStateException("fold failed");
      }
    };
    AggregateRepository<Object, State, CounterEvent> repository =
        AggregateRepository.of(store, unfoldable, CounterEvent.class);
    StreamAppend first = decide(repository, 2); // a new stream, decided unread
    repository.committed(first, write(first)); // folding the commit fails: logged, not thrown

    StreamAppend second = decide(repository, 3);

    assertEquals(ExpectedVersion.exactly(Version.of(1)), second.expected());
    assertEquals(List.of(Version.of(1)), store.readsFrom);
  }

  @Test
  void anAppendWithTheDecidedIdsButOtherPayloadsIsNotFoldedAsTheDecision() {
    StreamAppend decided = decide(counters, 2);
    List<EventData<?>> rewritten = new ArrayList<>();
    for (EventData<?> event : decided.events()) {
      rewritten.add(EventData.of(new Incremented(5)).withId(event.id()));
    }
    StreamAppend written = StreamAppend.of(COUNTER, decided.expected(), rewritten);

    counters.committed(written, write(written));

    assertEquals(5, counters.load(COUNTER).state().count(), "what was written, not what was decided");
  }

  @Test
  void anAppendWithOnlySomeOfTheDecidedEventsIsNotFoldedAsTheDecision() {
    StreamAppend decided = counters.decide(COUNTER, new IncrementEach(List.of(1, 2)),
        CommandContext.empty()).orElseThrow();
    StreamAppend partial =
        StreamAppend.of(COUNTER, decided.expected(), List.of(decided.events().get(0)));

    counters.committed(partial, write(partial));

    assertEquals(1, counters.load(COUNTER).state().count(), "what was written, not what was decided");
  }

  @Test
  void anEmptyDecisionOnAStateJustReadClearsTheStaleMark() {
    cacheVersionOneThenMarkStaleAtVersionTwo();

    assertEquals(Optional.empty(),
        counters.decide(COUNTER, new Increment(0), CommandContext.empty()));

    assertTheNextDecisionIsMadeUnreadOnVersionTwo();
  }

  @Test
  void aRejectionOnAStateJustReadClearsTheStaleMark() {
    cacheVersionOneThenMarkStaleAtVersionTwo();

    assertThrows(CommandRejectedException.class,
        () -> counters.decide(COUNTER, new Increment(Counter.LIMIT), CommandContext.empty()));

    assertTheNextDecisionIsMadeUnreadOnVersionTwo();
  }

  private void cacheVersionOneThenMarkStaleAtVersionTwo() {
    StreamAppend first = decide(counters, 2);
    counters.committed(first, write(first));
    memory.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(new Incremented(10))));
    counters.markStale(COUNTER);
  }

  private void assertTheNextDecisionIsMadeUnreadOnVersionTwo() {
    store.reset();
    StreamAppend next = decide(counters, 1);
    assertEquals(List.of(), store.readsFrom, "the last decision read the stream: no need again");
    assertEquals(ExpectedVersion.exactly(Version.of(2)), next.expected());
  }
}
