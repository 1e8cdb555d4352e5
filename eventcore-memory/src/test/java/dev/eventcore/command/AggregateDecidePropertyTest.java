package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamAppend;
import dev.eventcore.StreamId;
import dev.eventcore.WrongExpectedVersionException;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.Reset;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whatever the interleaving of decisions, reports ({@code committed}, {@code markStale}), appends
 * of decided events, held decisions and other writers' appends, every decision that stands (an
 * append that succeeded, an empty decision, a rejection) is the decision on a fresh fold of the
 * stream at that moment.
 */
class AggregateDecidePropertyTest {
  private static final int LIMIT = 10;
  private static final List<StreamId> STREAMS =
      List.of(StreamId.of("counter", "a"), StreamId.of("counter", "b"));
  private static final Decider<Object, State, CounterEvent> CAPPED =
      Decider.of(State.ZERO, Counter.DECIDER::evolve, (command, state) -> {
        int by = ((Increment) command).by();
        if (state.count() + by > LIMIT) {
          throw new CommandRejectedException("limit is " + LIMIT);
        }
        return by == 0 ? List.of() : List.of(new Incremented(by));
      });

  /** A decision held by the caller, to be written later. */
  private record Held(StreamAppend append, Increment command) {}

  @Test
  void everyDecisionThatStandsIsTheDecisionOnAFreshFold() {
    qt().withFixedSeed(1414L).withExamples(300)
        .forAll(lists().of(integers().between(0, 7 * 8 - 1)).ofSizeBetween(1, 60),
            integers().between(0, 2))
        .checkAssert(this::run);
  }

  private void run(List<Integer> ops, int cacheSize) {
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      AggregateRepository<Object, State, CounterEvent> counters =
          AggregateRepository.builder(store, CAPPED, CounterEvent.class)
              .cacheSize(cacheSize).build();
      Deque<Held> held = new ArrayDeque<>();
      for (int op : ops) {
        int kind = op % 7;
        int arg = op / 7; // 0..7
        StreamId stream = STREAMS.get(arg % 2);
        Increment command = new Increment(arg);
        switch (kind) {
          case 0, 1, 2 -> {
            Optional<StreamAppend> decided = decideChecked(store, counters, stream, command);
            if (decided.isEmpty()) {
              continue;
            }
            Held decision = new Held(decided.get(), command);
            if (kind == 2) {
              held.addLast(decision);
            } else {
              write(store, counters, decision, kind == 0);
            }
          }
          case 3 -> {
            if (!held.isEmpty()) {
              write(store, counters, held.removeFirst(), arg % 4 != 3);
            }
          }
          case 4 -> {
            CounterEvent event = arg == 7 ? new Reset() : new Incremented(arg);
            store.append(stream, ExpectedVersion.any(), List.of(EventData.of(event)));
          }
          case 5 -> counters.markStale(stream);
          default -> {
            // another writer's append, reported to the repository that did not decide it
            StreamAppend foreign = StreamAppend.of(stream,
                ExpectedVersion.exactly(store.currentVersion(stream)),
                List.of(EventData.of(new Incremented(1))));
            counters.committed(foreign, store.append(List.of(foreign)));
          }
        }
      }
      for (StreamId stream : STREAMS) {
        assertEquals(fresh(store, stream), counters.load(stream).state());
      }
    }
  }

  /** Decides, and checks an empty decision or a rejection against a fresh fold. */
  private static Optional<StreamAppend> decideChecked(InMemoryEventStore store,
      AggregateRepository<Object, State, CounterEvent> counters, StreamId stream,
      Increment command) {
    Optional<List<CounterEvent>> expected = freshDecision(store, stream, command);
    Optional<StreamAppend> decided;
    try {
      decided = counters.decide(stream, command, CommandContext.empty());
    } catch (CommandRejectedException rejected) {
      assertEquals(Optional.empty(), expected, "rejected " + command + " on a stale state");
      return Optional.empty();
    }
    if (decided.isEmpty()) {
      assertEquals(Optional.of(List.of()), expected, "decided nothing on a stale state");
    }
    return decided;
  }

  /** Writes a decision; if it succeeds, its events must be the decision on a fresh fold. */
  private static void write(InMemoryEventStore store,
      AggregateRepository<Object, State, CounterEvent> counters, Held decision, boolean report) {
    StreamAppend append = decision.append();
    Optional<List<CounterEvent>> expected =
        freshDecision(store, append.stream(), decision.command());
    AppendResult result;
    try {
      result = store.append(List.of(append));
    } catch (WrongExpectedVersionException conflict) {
      if (report) {
        counters.markStale(conflict.stream());
      }
      return;
    }
    assertEquals(expected, Optional.of(append.events().stream().map(EventData::payload).toList()),
        "an append decided on a stale state succeeded");
    if (report) {
      counters.committed(append, result);
    }
  }

  /** The decision on a fresh fold of the stream: its events, or empty for a rejection. */
  private static Optional<List<CounterEvent>> freshDecision(
      InMemoryEventStore store, StreamId stream, Increment command) {
    try {
      return Optional.of(CAPPED.decide(command, fresh(store, stream)));
    } catch (CommandRejectedException e) {
      return Optional.empty();
    }
  }

  private static State fresh(InMemoryEventStore store, StreamId stream) {
    State state = CAPPED.initialState();
    for (RecordedEvent<?> event : store.readStream(stream)) {
      state = CAPPED.evolve(state, (CounterEvent) event.payload());
    }
    return state;
  }
}
