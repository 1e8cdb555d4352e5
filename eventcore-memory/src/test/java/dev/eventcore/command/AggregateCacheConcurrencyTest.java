package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.eventcore.EventData;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.RecordedEvent;
import dev.eventcore.StreamId;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.Reset;
import dev.eventcore.command.Counter.State;
import dev.eventcore.memory.InMemoryEventStore;
import dev.eventcore.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Repositories with warm caches sharing a store with other writers, as processes sharing a
 * database do: no decision is ever made on a stale state.
 */
class AggregateCacheConcurrencyTest {
  private static final int LIMIT = 10;

  /** A counter that rejects going above {@link #LIMIT}; others may bypass it by appending. */
  private static final Decider<Object, State, CounterEvent> CAPPED =
      Decider.of(
          State.ZERO,
          Counter.DECIDER::evolve,
          (command, state) -> {
            int by = ((Increment) command).by();
            if (state.count() + by > LIMIT) {
              throw new CommandRejectedException("limit is " + LIMIT);
            }
            return List.of(new Incremented(by));
          });

  private static State freshFold(InMemoryEventStore store, StreamId stream, Version upTo) {
    List<CounterEvent> events = new ArrayList<>();
    for (RecordedEvent<?> event : store.readStream(stream)) {
      if (event.version().compareTo(upTo) <= 0) {
        events.add((CounterEvent) event.payload());
      }
    }
    return Counter.DECIDER.fold(State.ZERO, events);
  }

  @Test
  void twoRepositoriesAndDirectWritersInterleavedDecideOnlyOnTheCurrentState() {
    AtomicLong streams = new AtomicLong();
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      qt().withFixedSeed(14L)
          .withExamples(300)
          .forAll(lists().of(integers().between(0, 3 * 5 - 1)).ofSizeBetween(1, 40))
          .checkAssert(ops -> {
            StreamId stream = StreamId.of("capped", "p" + streams.incrementAndGet());
            List<AggregateRepository<Object, State, CounterEvent>> processes = List.of(
                AggregateRepository.of(store, CAPPED, CounterEvent.class),
                AggregateRepository.of(store, CAPPED, CounterEvent.class));
            long model = 0;
            for (int op : ops) {
              int kind = op % 3;
              int by = op / 3 + 1;
              if (kind == 2) { // another writer, bypassing the rule
                CounterEvent event = by == 5 ? new Reset() : new Incremented(by);
                store.append(stream, ExpectedVersion.any(), List.of(EventData.of(event)));
                model = by == 5 ? 0 : model + by;
                continue;
              }
              AggregateRepository<Object, State, CounterEvent> process = processes.get(kind);
              boolean allowed = model + by <= LIMIT;
              try {
                process.handle(stream, new Increment(by));
                assertTrue(allowed, "accepted on a stale state: " + model + " + " + by);
                model += by;
              } catch (CommandRejectedException rejected) {
                assertTrue(!allowed, "rejected on a stale state: " + model + " + " + by);
              }
              for (AggregateRepository<Object, State, CounterEvent> each : processes) {
                AggregateState<State> loaded = each.load(stream);
                assertEquals(store.currentVersion(stream), loaded.version());
                assertEquals(freshFold(store, stream, loaded.version()), loaded.state());
              }
            }
          });
    }
  }

  @Test
  void eightThreadsOnTwoRepositoriesAndADirectWriterLoseNoIncrement() throws Exception {
    int threads = 8;
    int perThread = 150;
    int direct = 200;
    StreamId counter = StreamId.of("counter", "shared");
    RetryPolicy patient = RetryPolicy.defaults()
        .withMaxAttempts(500)
        .withBackoff(Duration.ofNanos(20_000), Duration.ofMillis(1), 2.0)
        .withJitter(1.0);
    try (InMemoryEventStore store = new InMemoryEventStore()) {
      List<AggregateRepository<Object, State, CounterEvent>> processes = List.of(
          AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
              .retryPolicy(patient).build(),
          AggregateRepository.builder(store, Counter.DECIDER, CounterEvent.class)
              .retryPolicy(patient).build());
      ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          AggregateRepository<Object, State, CounterEvent> process = processes.get(t % 2);
          futures.add(pool.submit(() -> {
            for (int i = 0; i < perThread; i++) {
              Version committed = process.handle(counter, new Increment(1)).version(counter);
              AggregateState<State> view = process.load(counter);
              assertTrue(view.version().compareTo(committed) >= 0, "load saw less than it wrote");
              assertEquals(freshFold(store, counter, view.version()), view.state());
            }
            return null;
          }));
        }
        futures.add(pool.submit(() -> {
          for (int i = 0; i < direct; i++) {
            store.append(counter, ExpectedVersion.any(),
                List.of(EventData.of(new Incremented(1))));
            Thread.yield();
          }
          return null;
        }));
        for (Future<?> future : futures) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long expected = (long) threads * perThread + direct;
      for (AggregateRepository<Object, State, CounterEvent> process : processes) {
        assertEquals(expected, process.load(counter).state().count());
        assertEquals(freshFold(store, counter, Version.of(expected)),
            process.load(counter).state());
      }
      assertEquals(Version.of(expected), store.currentVersion(counter));
    }
  }
}
