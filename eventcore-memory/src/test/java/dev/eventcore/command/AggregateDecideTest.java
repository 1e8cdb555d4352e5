package dev.eventcore.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AggregateDecideTest {
  private static final StreamId COUNTER = StreamId.of("counter", "1");
  private static final StreamId OUTBOX = StreamId.of("outbox", "1");

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AggregateRepository<Object, State, CounterEvent> counters =
      AggregateRepository.of(store, Counter.DECIDER, CounterEvent.class);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void decideReturnsTheAppendHandleWouldMakeAndWritesNothing() {
    counters.handle(COUNTER, new Increment(2));
    CommandContext context = CommandContext.of("corr", "cause");

    StreamAppend append = counters.decide(COUNTER, new Increment(3), context).orElseThrow();

    assertEquals(COUNTER, append.stream());
    assertEquals(ExpectedVersion.exactly(Version.of(1)), append.expected());
    assertEquals(1, append.events().size());
    EventData<?> event = append.events().get(0);
    assertEquals(new Incremented(3), event.payload());
    assertEquals(Optional.of("corr"), event.metadata().correlationId());
    assertEquals(Optional.of("cause"), event.metadata().causationId());
    assertEquals(Version.of(1), store.currentVersion(COUNTER));
  }

  @Test
  void theDecidedAppendCanBeWrittenAtomicallyWithAnotherStream() {
    StreamAppend append =
        counters.decide(COUNTER, new Increment(5), CommandContext.empty()).orElseThrow();

    store.append(List.of(append,
        StreamAppend.of(OUTBOX, ExpectedVersion.any(), List.of(EventData.of("sent")))));

    assertEquals(5, counters.load(COUNTER).state().count());
    assertEquals(Version.of(1), store.currentVersion(OUTBOX));
  }

  @Test
  void decideOnAStaleCachedStateExpectsTheCachedVersionSoItsAppendFails() {
    counters.handle(COUNTER, new Increment(1)); // the repository now knows version 1
    store.append(COUNTER, ExpectedVersion.exactly(Version.of(1)),
        List.of(EventData.of(new Incremented(10))));

    StreamAppend stale =
        counters.decide(COUNTER, new Increment(1), CommandContext.empty()).orElseThrow();
    assertEquals(ExpectedVersion.exactly(Version.of(1)), stale.expected());
    assertThrows(WrongExpectedVersionException.class, () -> store.append(List.of(stale)));

    StreamAppend again =
        counters.decide(COUNTER, new Increment(1), CommandContext.empty()).orElseThrow();
    assertEquals(ExpectedVersion.exactly(Version.of(2)), again.expected(), "read what is new");
    store.append(COUNTER, ExpectedVersion.any(), List.of(EventData.of(new Incremented(1))));
    assertThrows(WrongExpectedVersionException.class, () -> store.append(List.of(again)));
  }

  @Test
  void decideIsEmptyWhenNothingIsDecidedAndThrowsARejection() {
    assertTrue(counters.decide(COUNTER, new Increment(0), CommandContext.empty()).isEmpty());
    assertThrows(CommandRejectedException.class,
        () -> counters.decide(COUNTER, new Increment(Counter.LIMIT + 1), CommandContext.empty()));
    assertEquals(Version.NONE, store.currentVersion(COUNTER));
  }
}
