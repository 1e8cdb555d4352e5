package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventcore.AppendResult;
import dev.eventcore.EventData;
import dev.eventcore.EventStore;
import dev.eventcore.ExpectedVersion;
import dev.eventcore.OperationInterruptedException;
import dev.eventcore.StreamDeletedException;
import dev.eventcore.StreamId;
import dev.eventcore.TransientStoreException;
import dev.eventcore.Version;
import dev.eventcore.command.Counter.CounterEvent;
import dev.eventcore.command.Counter.Increment;
import dev.eventcore.command.Counter.Incremented;
import dev.eventcore.command.Counter.State;
import dev.eventcore.retry.RetryPolicy;
import dev.eventcore.spi.DelegatingEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.Test;

/** The repository's commands: load, decide and append, retries, deletions and restarts. */
class AggregateRepositoryTest extends CounterRepositoryTestBase {
  /** Three attempts, 10 ms apart: a constant backoff (the cap is the initial delay). */
  private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.defaults().withMaxAttempts(3)
      .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 1.0).withJitter(0.0);

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
  void aStreamWhoseEventsKeepChangingWhileReadFailsTheLoadAfterThreeReads() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(1)),
        EventData.of(new Incremented(2)), EventData.of(new Incremented(3))));
    AtomicInteger reads = new AtomicInteger();
    EventStore changing = new DelegatingEventStore(store) {
      @Override
      public long readPayloads(StreamId stream, Version from, ObjLongConsumer<Object> action) {
        reads.incrementAndGet();
        // every read meets a truncation midway: version 2 is gone by the time it is reached
        return super.readPayloads(stream, from, (payload, at) -> {
          if (at != 2) {
            action.accept(payload, at);
          }
        });
      }
    };
    AggregateRepository<Object, State, CounterEvent> counters =
        AggregateRepository.of(changing, Counter.DECIDER, CounterEvent.class);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> counters.load(COUNTER));

    assertTrue(e.getMessage().contains("kept changing"), e.getMessage());
    assertEquals(3, reads.get(), "three reads, then the load gives up");
  }

  @Test
  void anInterruptWhileWaitingToRetryEndsTheCommandAndLeavesTheThreadInterrupted() {
    store.append(COUNTER, ExpectedVersion.noStream(), List.of(EventData.of(new Incremented(1))));
    EventStore racing = new DelegatingEventStore(store) {
      @Override
      public AppendResult append(
          StreamId id, ExpectedVersion expected, List<? extends EventData<?>> events) {
        store.append(id, ExpectedVersion.any(), List.of(EventData.of(new Incremented(100))));
        return super.append(id, expected, events);
      }
    };
    AggregateRepository<Object, State, CounterEvent> counters =
        AggregateRepository.builder(racing, Counter.DECIDER, CounterEvent.class)
            .cacheSize(0)
            .sleeper(duration -> {
              throw new InterruptedException("shutting down");
            })
            .build();

    try {
      assertThrows(OperationInterruptedException.class,
          () -> counters.handle(COUNTER, new Increment(5)));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
    assertEquals(101, plain().load(COUNTER).state().count(), "nothing of the command written");
  }
}
