package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code handleAndGet}: the state after a command, without the read a {@code load} costs. */
class HandleAndGetTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");

  private final InMemoryEventStore memory = new InMemoryEventStore();
  private final ReadCountingStore store = new ReadCountingStore(memory);

  @AfterEach
  void close() {
    memory.close();
  }

  private AggregateRepository<Object, State, CounterEvent> counters(int cacheSize) {
    return AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
        .cacheSize(cacheSize)
        .build();
  }

  @Test
  void returnsTheStateTheCommandsEventsWereFoldedIntoWithoutReading() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(1));
    store.reset();

    AggregateState<State> after = counters.handleAndGet(COUNTER, new Increment(2));

    assertEquals(Version.of(2), after.version());
    assertEquals(3, after.state().count());
    assertEquals(List.of(), store.readsFrom, "no read");
    assertEquals(after, counters.load(COUNTER));
  }

  @Test
  void aCommandDecidingNothingReturnsTheStateARead() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    counters.handle(COUNTER, new Increment(1));
    memory.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(new Incremented(10))));

    AggregateState<State> after = counters.handleAndGet(COUNTER, new Increment(0));

    assertEquals(Version.of(2), after.version(), "the empty decision stood on the current state");
    assertEquals(11, after.state().count());
  }

  @Test
  void withoutTheCacheTheStateIsRead() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(0);

    AggregateState<State> after = counters.handleAndGet(COUNTER, new Increment(4));

    assertEquals(Version.of(1), after.version());
    assertEquals(4, after.state().count());
  }

  @Test
  void aRejectionIsThrownAndNothingIsWritten() {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);

    assertThrows(CommandRejectedException.class,
        () -> counters.handleAndGet(COUNTER, new Increment(Counter.LIMIT + 1)));
    assertEquals(List.of(), memory.readStream(COUNTER));
  }

  @Test
  void underConcurrentCommandsEachReturnedStateIsTheTrueFoldAtItsVersion() throws Exception {
    AggregateRepository<Object, State, CounterEvent> counters = counters(100);
    int threads = 4;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<AggregateState<State>>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        List<AggregateState<State>> seen = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          seen.add(counters.handleAndGet(COUNTER, new Increment(1)));
        }
        return seen;
      }));
    }
    List<AggregateState<State>> all = new ArrayList<>();
    for (Future<List<AggregateState<State>>> future : futures) {
      all.addAll(future.get());
    }
    pool.shutdown();

    List<RecordedEvent<?>> stream = memory.readStream(COUNTER);
    assertEquals(threads * perThread, stream.size(), "no increment lost");
    for (AggregateState<State> state : all) {
      State fold = Counter.DECIDER.initialState();
      for (RecordedEvent<?> event : stream.subList(0, (int) state.version().value())) {
        fold = Counter.DECIDER.evolve(fold, (CounterEvent) event.payload());
      }
      assertEquals(fold, state.state(), "the state at version " + state.version());
      assertTrue(state.state().count() >= 1);
    }
  }
}
